"""The views layer: ipywidgets panels for each step of the playbook."""

"""The views layer: ipywidgets panels for each step of the playbook, in three floors.

- :mod:`careernb.views.navigation` — the app's frame: the navigation bar, and :func:`page`,
  each notebook's one call.
- :mod:`careernb.views.pages` — the registry of pages, and one package per page (its model,
  view and, where it has them, controller, HTML and templates).
- :mod:`careernb.views.kit` — what every page is built from: saving as you type, errors, choosing
  a person, the answer field, a page's frame, colours and HTML.

Each floor imports only the floors below it; import-linter's contracts in ``pyproject.toml`` hold it.
"""

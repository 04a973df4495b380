"""The pages: one package each, holding its model, its view and, where it has them, its controller
and templates. Each package's ``__init__`` is light: its ``show`` imports the view when called."""

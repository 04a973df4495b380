"""Everything careernb renders for a person to read.

The Jinja set-up and its templates, the development contract (HTML, text and the ``.eml``
draft), the light prompt sent in advance, the calendar, the person's copy of their data, the
team view and its charts, the organisation view, the printable question bank and the papermill
rendering of the templates in ``reports/``. Each document is a pure function from shared data to
a context dict, then an autoescaped template.
"""

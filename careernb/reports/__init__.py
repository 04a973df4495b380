"""Reports: what careernb renders for people to read.

Each report is a pure function from shared data to a context dict, then a
Jinja template (``careernb/templates``). The papermill templates in the
repository's ``reports/`` folder call the same functions and display the
result, so a report rendered by papermill and nbconvert is the same document
as one rendered in-process by a batch.
"""

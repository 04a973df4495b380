"""Rendering a report the papermill way: execute the template notebook, export it with nbconvert.

The template notebook displays one complete HTML document built by careernb;
the nbconvert template ``careernb_document`` writes out exactly that output,
with no input cells and no notebook chrome. So the file is the same document
:func:`careernb.documents.contract.contract_html` returns, which a batch can
call in-process without a kernel.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from careernb.errors import CareernbError

REPO_REPORTS = Path(__file__).resolve().parents[2] / "reports"
INSTALLED_REPORTS = Path(sys.prefix) / "share" / "careernb" / "reports"
NBCONVERT_TEMPLATES = Path(__file__).resolve().parent / "nbconvert"
DOCUMENT_TEMPLATE = "careernb_document"


class RenderError(CareernbError):
    """A report template failed to run; carries the template and the error it raised."""

    def __init__(self, template: Path, ename: str, evalue: str) -> None:
        self.template = template
        self.ename = ename
        self.evalue = evalue
        super().__init__(f"{template.name} failed: {evalue or ename}")


def template_path(name: str, folder: Path | None = None) -> Path:
    """A papermill template: the repository's reports/ first (so edits there count), else the
    copy an install put in <prefix>/share/careernb/reports."""
    candidates = [folder] if folder else [REPO_REPORTS, INSTALLED_REPORTS]
    for candidate in candidates:
        if (candidate / name).is_file():
            return candidate / name
    raise CareernbError(
        f"the report template {name} is in none of {', '.join(map(str, candidates))}; "
        "reinstall careernb, or run it from its repository (make lab)"
    )


def execute(template: Path, parameters: dict[str, Any], *, cwd: Path | None = None):
    """Run a papermill template with its parameters: careernb's one papermill call.

    The executed notebook stays in memory; :func:`export_document` turns it into the file.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(template),
            None,
            parameters=parameters,
            progress_bar=False,
            log_output=False,
            cwd=str(cwd or template.parent),
            kernel_name="python3",
        )
    except PapermillExecutionError as exc:
        raise RenderError(template, exc.ename, exc.evalue) from None


def export_document(notebook) -> str:
    """The HTML document the executed notebook displayed: outputs only, exactly as displayed."""
    from nbconvert.exporters import TemplateExporter

    # TemplateExporter, not HTMLExporter: the latter re-serialises the page through BeautifulSoup.
    exporter = TemplateExporter(
        template_name=DOCUMENT_TEMPLATE,
        template_file="index.html.j2",
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(notebook)
    if not body.strip():
        raise CareernbError("the report template displayed nothing; was its parameters cell filled in?")
    return body


def render_contract(
    person_id: str, version: int | None = None, home: str | os.PathLike[str] | None = None
) -> str:
    """``reports/contract.ipynb`` executed by papermill and exported by nbconvert."""
    from careernb.home import resolve_home

    executed = execute(
        template_path("contract.ipynb"),
        {"person_id": person_id, "version": version, "home": str(resolve_home(home))},
    )
    return export_document(executed)

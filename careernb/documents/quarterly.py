"""The quarter in one run: every report's current contract and each team-wide view.

All of it renders inside one process (or ``jobs`` worker processes), never a
kernel per person: a kernel costs about a second to start, a contract about
twenty milliseconds to render. ``reports/quarterly.ipynb`` calls
:func:`run_quarter`, so a scheduler that runs papermill can run the quarter.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from careernb.documents.templating import render as render_document
from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.domain.contract import Contract, latest_agreed
from careernb.domain.people import Person, managers, team_of
from careernb.errors import CareernbError
from careernb.ownership.exports import private_file, register
from careernb.store.files import ensure_folder

CHUNK = 20  # people per unit of work: small enough for a smooth progress bar

Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class Rendered:
    person_id: str
    name: str
    manager_id: str
    file: str | None = None  # relative to the quarter's folder
    note: str = ""  # why there is no file: no contract yet, or the error
    failed: bool = False


@dataclasses.dataclass(frozen=True)
class QuarterResult:
    quarter: str
    folder: Path
    index: Path
    team_views: list[Path]
    people: list[Rendered]
    team_view_failures: list[Rendered] = dataclasses.field(default_factory=list)

    @property
    def failures(self) -> list[Rendered]:
        return [*(r for r in self.people if r.failed), *self.team_view_failures]

    @property
    def contracts(self) -> list[Rendered]:
        return [r for r in self.people if r.file]

    @property
    def ok(self) -> bool:
        return not self.failures

    def files(self) -> list[Path]:
        return [self.index, *self.team_views, *(self.folder / r.file for r in self.contracts)]


def _render_people(
    store, folder: Path, people: list[tuple[str, str, str]], render_contract: Callable
) -> list[Rendered]:
    """Render these people's current contracts into ``folder/contracts``."""
    out = []
    for person_id, name, manager_id in people:
        try:
            contract = latest_agreed(store.load(Contract, person_id))
            if contract is None:
                out.append(Rendered(person_id, name, manager_id, note="no agreed contract yet"))
                continue
            html = render_contract(store, person_id, contract.version)
            rel = f"contracts/{person_id}.html"
            private_file(folder / rel, html)
            out.append(Rendered(person_id, name, manager_id, file=rel, note=f"version {contract.version}"))
        except Exception as exc:  # one person's failure must not stop the others
            out.append(
                Rendered(person_id, name, manager_id, note=f"{type(exc).__name__}: {exc}", failed=True)
            )
    return out


def _render_chunk(home: str, folder: str, people: list[tuple[str, str, str]]) -> list[Rendered]:
    """One chunk in a worker process, which opens the store for itself."""
    from careernb.documents.contract import contract_html
    from careernb.home import open_store

    return _render_people(open_store(home, create=False), Path(folder), people, contract_html)


@dataclasses.dataclass(frozen=True)
class QuarterPlan:
    """What a quarter's run renders, decided before anything is written."""

    store: Any
    quarter: str
    today: dt.date
    managers: list[Person]
    folder: Path
    todo: list[tuple[str, str, str]]
    """(person_id, name, manager_id) of every report whose contract is rendered."""

    @property
    def as_of(self) -> dt.date:
        return min(self.today, quarter_bounds(self.quarter)[1])


def plan_quarter(
    home: Any,
    quarter: str | None = None,
    *,
    manager_id: str | None = None,
    out: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> QuarterPlan:
    """Who is rendered, and where; the quarter's folder is made here (owner-only)."""
    from careernb.home import open_store

    # A store object (the organisation's database) or a data home's folder.
    store = home if hasattr(home, "load") else open_store(home, create=False)
    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    quarter_bounds(quarter)  # refuse a malformed quarter before writing anything
    people = store.load(Person)
    if manager_id is not None:
        chosen = [p for p in people if p.person_id == manager_id]
        if not chosen:
            raise CareernbError(f"there is no manager {manager_id!r} in {store.location}")
    else:
        chosen = managers(people)
    if out is None and store.home is None:
        raise CareernbError("this store has no data home folder: say where the quarter goes with --out DIR")
    folder = (Path(out) if out else store.home / "reports") / quarter
    ensure_folder(folder)  # reports/ too, when it is new: owner-only whatever the umask
    todo = [(p.person_id, p.name, m.person_id) for m in chosen for p in team_of(people, m.person_id)]
    return QuarterPlan(store, quarter, today, chosen, folder, todo)


def render_contracts(
    plan: QuarterPlan,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    render_contract: Callable | None = None,
) -> list[Rendered]:
    """Every report's current contract, in the plan's order."""
    store, todo = plan.store, plan.todo
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    done: list[Rendered] = []
    if progress:
        progress(0, len(todo))
    if jobs > 1 and len(chunks) > 1 and render_contract is None and store.home is not None:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_render_chunk, str(store.home), str(plan.folder), c) for c in chunks]
            for future in concurrent.futures.as_completed(futures):
                done.extend(future.result())
                if progress:
                    progress(len(done), len(todo))
    else:
        if render_contract is None:
            from careernb.documents.contract import contract_html as render_contract
        for chunk in chunks:
            done.extend(_render_people(store, plan.folder, chunk, render_contract))
            if progress:
                progress(len(done), len(todo))
    order = {pid: i for i, (pid, _, _) in enumerate(todo)}
    return sorted(done, key=lambda r: order[r.person_id])


def finish_quarter(
    plan: QuarterPlan, done: list[Rendered], team_views: Mapping[str, str | Exception]
) -> QuarterResult:
    """Write each manager's team view (HTML, or the error that stopped it), the index and result.json."""
    written: dict[str, Path] = {}
    team_view_failures = []
    for m in plan.managers:
        html = team_views[m.person_id]
        if isinstance(html, Exception):  # the contracts are written; say what is missing
            note = f"{type(html).__name__}: {html}"
            team_view_failures.append(
                Rendered(m.person_id, f"{m.name}'s team view", m.person_id, note=note, failed=True)
            )
            continue
        written[m.person_id] = private_file(plan.folder / f"team-{m.person_id}.html", html)
    folder = plan.folder
    result = QuarterResult(
        plan.quarter, folder, folder / "index.html", list(written.values()), done, team_view_failures
    )
    private_file(
        result.index,
        render_document(
            "quarter_index.html.j2",
            {
                "quarter": plan.quarter,
                "today": plan.today,
                "managers": [
                    {"manager": m,
                     "team_view": written[m.person_id].name if m.person_id in written else None,
                     "people": [r for r in done if r.manager_id == m.person_id]}
                    for m in plan.managers
                ],
                "failures": result.failures,
            },
        ),
    )  # fmt: skip
    _write_summary(result)
    return result


def run_quarter(
    home: str | os.PathLike[str],
    quarter: str | None = None,
    *,
    manager_id: str | None = None,
    out: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    today: dt.date | None = None,
    render_contract: Callable | None = None,
) -> QuarterResult:
    """Render the quarter into ``out/<quarter>/`` (default: the data home's reports folder)."""
    from careernb.documents import team_view

    plan = plan_quarter(home, quarter, manager_id=manager_id, out=out, today=today)
    done = render_contracts(plan, jobs=jobs, progress=progress, render_contract=render_contract)
    views = team_view.render_all(plan.store, plan.quarter, plan.managers, plan.as_of)
    return finish_quarter(plan, done, views)


def _write_summary(result: QuarterResult) -> None:
    """result.json beside the index, for the command line and for schedulers."""
    summary = {
        "quarter": result.quarter,
        "index": str(result.index),
        "contracts": len(result.contracts),
        "team_views": [str(p) for p in result.team_views],
        "failures": [{"person_id": r.person_id, "name": r.name, "reason": r.note} for r in result.failures],
    }
    private_file(result.folder / "result.json", json.dumps(summary, indent=2))


def _contract_owner(path: Path) -> str | None:
    """contracts/<person_id>.html is that person's; everything else is the manager's."""
    return path.stem if path.parent.name == "contracts" else None


@register("quarterly", per_person=False, shared_with=_contract_owner)
def export_quarter(store, person_id: str | None, out: Path) -> list[Path]:
    result = run_quarter(store.home, out=out)
    return [*result.files(), result.folder / "result.json"]


def progress_to_file(path: str | os.PathLike[str]) -> Progress:
    """Report progress as 'done total' in a file another process can poll."""

    def report(done: int, total: int) -> None:
        tmp = Path(f"{path}.tmp")
        tmp.write_text(f"{done} {total}")
        os.replace(tmp, path)

    return report


def read_progress(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        done, total = Path(path).read_text().split()
        return int(done), int(total)
    except (FileNotFoundError, ValueError):
        return None


def summary(result: QuarterResult):
    """What the template notebook shows: counts, the index, and each failure."""
    from html import escape as esc

    from IPython.display import HTML

    lines = [
        f"<p><strong>{esc(result.quarter)}</strong>: {len(result.contracts)} contracts and "
        f"{len(result.team_views)} team views in <code>{esc(str(result.folder))}</code>.</p>"
    ]
    for r in result.failures:
        lines.append(f'<p style="color:#b00020">{esc(r.name)} ({esc(r.person_id)}): {esc(r.note)}</p>')
    return HTML("".join(lines))

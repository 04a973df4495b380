"""Every report's current contract, rendered in this process or in worker processes.

All of it renders inside one process (or ``jobs`` worker processes), never a kernel per person:
a kernel costs about a second to start, a contract about twenty milliseconds to render.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from pathlib import Path

from careernb.documents.contract import contract_html
from careernb.domain.contract import Contract, latest_agreed
from careernb.domain.people import Person
from careernb.ownership.exports import private_file
from careernb.quarter.failures import ContractNotRenderedError
from careernb.quarter.plan import QuarterPlan
from careernb.quarter.progress import Progress
from careernb.quarter.results import ReportContract
from careernb.store import Store

CHUNK = 20  # people per unit of work: small enough for a smooth progress bar

RenderContract = Callable[[Store, str, int], str]
"""A contract's HTML from the store, the person id and the version."""


def render_contracts(
    plan: QuarterPlan,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    render_contract: RenderContract | None = None,
) -> list[ReportContract]:
    """Every report's current contract into ``<folder>/contracts``, in the plan's order."""
    store, todo = plan.store, plan.reports
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    done: list[ReportContract] = []
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
        for chunk in chunks:
            done.extend(_render_people(store, plan.folder, chunk, render_contract or contract_html))
            if progress:
                progress(len(done), len(todo))
    order: dict[str, int] = {p.person_id: i for i, p in enumerate(todo)}
    return sorted(done, key=lambda r: order[r.person_id])


def _render_people(
    store: Store, folder: Path, people: list[Person], render_contract: RenderContract
) -> list[ReportContract]:
    """These people's current contracts into ``folder/contracts``."""
    out = []
    for p in people:
        manager_id = p.manager_id or ""
        try:
            contract = latest_agreed(store.load(Contract, p.person_id))
            if contract is None:
                out.append(ReportContract(p.person_id, p.name, manager_id))
                continue
            rendered = ReportContract(p.person_id, p.name, manager_id, contract.version)
            private_file(folder / str(rendered.file), render_contract(store, p.person_id, contract.version))
            out.append(rendered)
        except Exception as exc:  # one person's failure must not stop the others
            failure = ContractNotRenderedError(p.person_id, p.name, manager_id, exc)
            out.append(ReportContract(p.person_id, p.name, manager_id, failure=failure))
    return out


def _render_chunk(home: str, folder: str, people: list[Person]) -> list[ReportContract]:
    """One chunk in a worker process, which opens the store for itself."""
    from careernb.home import open_store

    return _render_people(open_store(home, create=False), Path(folder), people, contract_html)

"""Writing the demo team, or a large generated store for the benchmarks, into a data home."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from careernb.demo.history import Tables, write_history
from careernb.demo.replies import write_replies
from careernb.demo.stories import MANAGER, Story, demo_stories
from careernb.domain.aspirations import Direction
from careernb.domain.people import Person
from careernb.errors import CareernbError, DataHomeOnlyError
from careernb.home import first_kept_file
from careernb.store import CsvStore, Store


def refuse_unless_empty(home: Path) -> None:
    """The demo team goes only where it writes over nothing a manager typed (``is_empty``)."""
    kept = first_kept_file(home)
    if kept is not None:
        raise CareernbError(
            f"{home} already holds data ({kept.relative_to(home)}, perhaps more); the demo team is "
            "only seeded into an empty data home, so nothing you typed is written over. Use another "
            "--home. Nothing was written."
        )


def seed_demo(store: Store, today: dt.date | None = None, *, seed: int = 7) -> list[Person]:
    """Write the demo team into an empty data home; return the people written.

    An organisation's database is refused: its administrators add its people, so the demo team
    reaches it as a manager's data home, imported."""
    if not isinstance(store, CsvStore):
        raise DataHomeOnlyError(
            store.location,
            "seeding the demo team",
            "Seed a folder, then import it as a manager's: `careernb demo --home DIR`, then "
            "`careernb org import-home DIR --role ROLE --store ADMIN_URL`. Nothing was written.",
        )
    refuse_unless_empty(store.home)
    today = today or dt.date.today()
    rng = random.Random(seed)
    stories = demo_stories(today)
    people = [MANAGER, *(s.person for s in stories)]
    store.bulk_write(Person, None, people)
    out = Tables()
    for story in stories:
        write_history(story, today, rng, out, detail=True)
        write_replies(story, today, out)
    out.write(store)
    return people


def build_large_store(
    home: Path,
    people: int = 5000,
    years: int = 3,
    *,
    team_size: int = 12,
    today: dt.date | None = None,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> CsvStore:
    """A store of ``people`` reports in teams of ``team_size``, each with ``years`` of quarterly history."""
    from careernb.home import TABLES, resolve_home

    store = CsvStore(resolve_home(home), TABLES)
    today = today or dt.date.today()
    rng = random.Random(seed)
    managers = [
        Person(f"m{i:04d}", f"Manager {i}", None, "Engineering Manager")
        for i in range(people // team_size + 1)
    ]
    reports = [
        Person(
            f"{i:05d}",
            f"Person {i}",
            f"m{i // team_size:04d}",
            "Engineer",
            joined=today - dt.timedelta(days=1500),
        )
        for i in range(people)
    ]
    store.bulk_write(Person, None, managers + reports)
    for i, person in enumerate(reports):
        out = Tables()
        story = Story(person, quarters=4 * years, directions=(rng.choice(list(Direction)),))
        write_history(story, today, rng, out, detail=False)
        out.write(store)
        if progress:
            progress(i + 1)
    return store

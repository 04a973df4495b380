"""Every careernb command as a manager runs it and it succeeds, for the tests that run them all.

``RUNS`` holds one run per command (``org`` by its one action that needs no database; the
database's actions are run in tests/pg). A test in tests/unit/test_cli_closed_streams.py fails
when a command is added without a run here, or a reason in ``NOT_RUN``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from careernb.demo import seed_demo
from careernb.home import open_store
from careernb.ownership import backup, forget, handover
from tests.conftest import TODAY

CLI = [sys.executable, "-m", "careernb"]

NOT_RUN = {
    "lab": "starts JupyterLab in its place and does not return",
    "app": "serves the app until it is stopped",
    "encrypt": "shows a recovery code and reads two of its groups back: tests/unit/test_cli_keys.py "
    "answers through a named pipe",
}

DAY = TODAY.isoformat()
RUNS: dict[str, str] = {
    "demo": f"demo --home {{out}}/new-home --today {DAY}",
    "start": "start --home {out}/my-home --name Priya --email priya@example.org",
    "check": "check --home {home}",
    "questions": "questions --home {home} --out {out}/questions.html",
    "contract": "contract 007 --home {home} --mark-sent --out {out}/contract.html --eml {out}/contract.eml",
    "calendar": "calendar --home {home} --out {out}/team.ics",
    "health": f"health --home {{home}} --today {DAY}",
    "export-person": "export-person 007 --home {home} --out {out}/copy",
    "forget": "forget 012 --yes --home {home}",
    "handover": "handover 031 --home {home} --out {out}/pack --agreed",
    "import-handover": "import-handover {pack} --home {home}",
    "backup": "backup --home {home} --out {out}/home.tar.gz",
    "restore": "restore {archive} --home {out}/restored",
    "quarterly": "quarterly --home {home} --quarter 2026Q4 --jobs 1",
    "org": "org hub-config",
    "key": "key status --home {home}",
    "reply": "reply import {reply} --home {home}",
}
"""Each command's arguments, split on spaces; ``{home}``, ``{out}``, ``{pack}``, ``{archive}`` and
``{reply}`` name the places of :class:`Place`."""


@dataclasses.dataclass(frozen=True)
class Place:
    """Where the runs work: a demo team's home, a folder for what they write, a handover pack
    (of Mei, who is then forgotten here, so it can come back), a backup archive and a reply
    from Sofia to her latest contract, not taken in yet."""

    home: Path
    out: Path
    pack: Path
    archive: Path
    reply: Path

    def argv(self, name: str) -> list[str]:
        fields = {k: str(v) for k, v in dataclasses.asdict(self).items()}
        return [a.format(**fields) for a in RUNS[name].split()]


def place(root: Path) -> Place:
    store = open_store(root / "home")
    seed_demo(store, TODAY)
    prepared = root / "prepared"
    handover.write_pack(store, "019", prepared / "pack", today=TODAY)
    forget.forget(store, "019")
    backup.backup(store.home, prepared / "home.tar.gz")
    (root / "out").mkdir()
    reply = prepared / "reply.txt"
    reply.write_text(a_reply(store, "034", f"{DAY}T08:30:00"), encoding="utf-8")
    return Place(store.home, root / "out", prepared / "pack", prepared / "home.tar.gz", reply)


def a_reply(store, person_id: str, written: str, reply_id: str = "r-cli", **fields) -> str:
    """A reply to the person's latest agreed contract, as their browser writes it: the readable
    text, then the block signed with the version's token."""
    from careernb.domain.contract import Contract, latest_agreed
    from careernb.domain.reply_block import encode
    from careernb.follow_through.replies import token_for

    version = latest_agreed(store.load(Contract, person_id)).version
    payload = {
        "careernb": "reply/1",
        "person": person_id,
        "version": version,
        "reply": reply_id,
        "written": written,
        "changed": "The workshop is booked.",
        "seen": "agree",
        "commitments": [],
    } | fields
    return (
        f"Hello Ada,\n\nHere is my reply.\n\n{encode(payload, token_for(store, person_id, version, TODAY))}\n"
    )


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *argv], timeout=180, **kwargs)


def written(place: Place) -> list[tuple[str, bytes]]:
    """What a run leaves behind: the files of the home and of the output folder by name, and
    the tables' bytes (a rendered document or an archive may carry the time it was made)."""
    return sorted(
        (f"{root.name}/{p.relative_to(root)}", p.read_bytes() if p.suffix == ".csv" else b"")
        for root in (place.home, place.out)
        for p in root.rglob("*")
        if p.is_file() and ".locks" not in p.parts
    )

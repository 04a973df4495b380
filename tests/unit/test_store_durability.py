"""Atomic, locked writes, tested with real processes: no row lost, no file half-written."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from careernb import TABLES, open_store
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.store import CsvStore, files, table_of

pytestmark = pytest.mark.slow

SAVER = textwrap.dedent(
    """
    import sys
    from careernb import open_store
    from careernb.domain.conversations import Answer
    home, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(home)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        store.save(Answer("007", "c1", f"{tag}-{i}", f"answer {i} from {tag}, with a comma"))
    """
)

REWRITER = textwrap.dedent(
    """
    import sys
    from careernb import open_store
    from careernb.domain.conversations import Answer
    store = open_store(sys.argv[1])
    big = "x" * 20000
    k = 0
    print("ready", flush=True)
    while True:
        k += 1
        # state k: exactly the rows 0..k, each long enough that a write takes time
        rows = [Answer("007", "c1", f"q{i}", f"{k}:{i}:{big}") for i in range(k % 40 + 1)]
        store.update(Answer, "007", lambda _old, rows=rows: rows)
    """
)


def _seed(home: Path):
    store = open_store(home)
    store.save(Person("ada", "Ada"), Person("007", "Tomás", "ada"))
    store.save(Conversation("c1", "007", ConversationKind.NOW))
    return store


def _python(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def _close(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.stdout.close()


def test_when_two_processes_save_at_once_then_no_row_is_lost(tmp_path):
    store = _seed(tmp_path / "home")
    count = 150
    procs = [_python(SAVER, str(store.home), tag, str(count)) for tag in ("left", "right")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=300) == 0
        _close(p)

    answers = CsvStore(store.home, TABLES).load(Answer, "007")
    assert len(answers) == 2 * count
    assert {a.question_id for a in answers} == {f"{t}-{i}" for t in ("left", "right") for i in range(count)}


def test_when_a_writer_is_killed_at_random_moments_then_every_file_is_whole_old_or_new(tmp_path):
    store = _seed(tmp_path / "home")
    path = store.home / "people" / "007" / "answers.csv"
    rng = random.Random(20261126)
    kills = 0
    seen_states = set()
    while kills < 60:
        proc = _python(REWRITER, str(store.home))
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _close(proc)
        kills += 1

        rows = CsvStore(store.home, TABLES).load(Answer, "007")  # parses, or raises
        if rows:
            k = int(rows[0].answer.split(":")[0])
            # Fully one state: every row from the same write, and all of its rows.
            assert len(rows) == k % 40 + 1
            assert all(r.answer == f"{k}:{i}:{'x' * 20000}" for i, r in enumerate(rows))
            seen_states.add(k)

    assert len(seen_states) > 10, "the writer was killed before it wrote anything, most times"
    # A killed writer's temp files are cleaned up by the next save.
    store.save(Answer("007", "c1", "after", "still here"))
    assert not list(path.parent.glob(".*.tmp"))


def test_a_check_while_a_save_is_under_way_leaves_its_temp_file_and_the_save_lands(tmp_path, monkeypatch):
    """The save's rows are in its temp file, not yet renamed over answers.csv, when a check starts
    beside it (another thread, its own store: in the saving thread it would wait on itself). The
    check waits for the file's lock, the save lands, and a killed writer's temp files still go."""
    store = _seed(tmp_path / "home")
    killed = [
        store.home / ".questions.csv.killed0.tmp",
        store.home / "people" / "007" / ".signals.csv.killed0.tmp",
    ]
    for tmp in killed:
        tmp.write_text("half a write")
    checked: list[object] = []

    def check() -> None:
        try:
            checked.append(CsvStore(store.home, TABLES, create=False).check())
        except BaseException as exc:  # shown by the assertion below
            checked.append(exc)

    checker = threading.Thread(target=check)
    real = files.atomic_open

    @contextlib.contextmanager
    def with_a_check_before_the_rename(path, *args, **kwargs):
        with real(path, *args, **kwargs) as f:
            yield f
            if path.name == "answers.csv" and not checker.is_alive():
                checker.start()
                checker.join(timeout=1.0)  # without the lock, the check is over long before

    monkeypatch.setattr(files, "atomic_open", with_a_check_before_the_rename)
    store.save(Answer("007", "c1", "q1", "saved while a check ran"))
    checker.join(timeout=60)
    assert len(checked) == 1 and isinstance(checked[0], list), checked
    assert [a.answer for a in store.load(Answer, "007")] == ["saved while a check ran"]
    assert not any(tmp.exists() for tmp in killed)


@pytest.mark.parametrize("who", ["save", "check"])
def test_a_file_whose_lock_another_careernb_keeps_too_long_is_named_and_nothing_changes(
    tmp_path, monkeypatch, who
):
    """Another process (here a lock of the same file in this one) writes for longer than a save
    waits: the manager reads which file and to try again, never filelock's Timeout."""
    from careernb.errors import FileBusyError
    from careernb.store import csv_store

    store = _seed(tmp_path / "home")
    store.save(Answer("007", "c1", "q1", "before"))
    before = {p: p.read_bytes() for p in store.home.rglob("*.csv")}
    monkeypatch.setattr(csv_store, "LOCK_TIMEOUT_S", 0.2)
    path, lock = store.file_of(table_of(Answer), "007")
    with lock, pytest.raises(FileBusyError) as raised:
        if who == "save":
            CsvStore(store.home, TABLES).save(Answer("007", "c1", "q1", "after"))
        else:
            (store.home / "people" / "007" / ".answers.csv.killed0.tmp").write_text("half")
            CsvStore(store.home, TABLES, create=False).check()
    assert raised.value.path == path
    assert f"{path}: another careernb" in str(raised.value) and "Nothing was changed" in str(raised.value)
    assert {p: p.read_bytes() for p in store.home.rglob("*.csv")} == before

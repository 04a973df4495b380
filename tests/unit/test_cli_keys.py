"""``careernb key init | change | recover | rotate | status`` and ``careernb encrypt``: secrets read from the
terminal or from files, never from the command line; the recovery code shown once and two of its
groups read back; a home sealed in place, file by file, resumably; a rotation sealing every note again
under a new key; a wrong passphrase or a swapped cell ending in a clear message that changes nothing."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from careernb.cli import main, parser
from careernb.domain.conversations import Answer
from careernb.errors import CareernbError
from careernb.home import open_store
from careernb.store import files, keys, session
from careernb.store.seal_home import in_clear, seal_home, stored_files
from careernb.store.sealing import is_locked, key_ids_named, sealed_columns
from tests.cli_runs import CLI
from tests.keyed import PASSPHRASE, csv_forms, every_byte, give_key, private_texts, secret

CODE_LINE = re.compile(r"^\s+([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\s*$")


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    session.lock()


def _hashes(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in home.rglob("*")
        if p.is_file() and ".locks" not in p.parts
    }


def _answering(argv: list[str], fifo: Path, answer) -> tuple[int, str]:
    """Run the command as a script would: read its output, and when it says which two groups it
    reads, write ``answer(code, first, second)`` into the named pipe it reads them from."""
    out, code = [], None
    with subprocess.Popen(
        [*CLI, *argv, "--confirm-file", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            out.append(line)
            if found := CODE_LINE.match(line):
                code = found[1]
            if asked := re.match(r"Reading groups (\d) and (\d)", line):
                text = answer(code, int(asked[1]), int(asked[2]))
                threading.Thread(target=lambda t=text: fifo.write_text(t, encoding="utf-8")).start()
        return process.wait(timeout=120), "".join(out)


def _groups(code: str, first: int, second: int) -> str:
    groups = code.split("-")
    return f"{groups[first - 1]}\n{groups[second - 1].lower()}\n"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "confirm"
    os.mkfifo(path)
    return path


# -- init and encrypt -------------------------------------------------------------------


@pytest.mark.parametrize("command", [["key", "init"], ["encrypt"]])
def test_making_the_key_shows_the_code_once_reads_two_groups_back_and_seals_every_private_note(
    demo, tmp_path, fifo, command
):
    sentences = private_texts(demo)
    done, out = _answering(
        [*command, "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "pass", PASSPHRASE)],
        fifo,
        _groups,
    )
    assert done == 0, out
    codes = [m[1] for line in out.splitlines() if (m := CODE_LINE.match(line))]
    assert len(codes) == 1 and out.count(codes[0]) == 1
    warned = out.index("If you lose both the passphrase and the recovery code")
    assert warned < out.index(codes[0]) and "Your team, dates and contracts are not affected" in out
    assert (demo.home / keys.KEY_FILE).stat().st_mode & 0o777 == 0o600
    on_disk = every_byte(demo.home)
    assert [s for s in sentences if any(f in on_disk for f in csv_forms(s))] == []
    assert codes[0].encode() not in on_disk and PASSPHRASE.encode() not in on_disk
    assert in_clear(open_store(demo.home, create=False)) == {}
    record = keys.read_key_file(demo.home / keys.KEY_FILE)
    keys.unlock_with_recovery(record, codes[0])  # the code shown is the one that opens the key


@pytest.mark.parametrize(
    "answer",
    [
        lambda code, first, second: _groups(code, first, second % 8 + 1),
        lambda code, first, second: "\n",
        lambda code, first, second: code.replace(code[0], "7" if code[0] != "7" else "8"),
    ],
    ids=["a wrong group", "nothing", "another code"],
)
def test_a_code_not_read_back_makes_no_key_and_changes_nothing(demo, tmp_path, fifo, answer):
    before = _hashes(demo.home)
    pass_file = secret(tmp_path, "pass", PASSPHRASE)
    done, out = _answering(
        ["key", "init", "--home", str(demo.home), "--passphrase-file", pass_file], fifo, answer
    )
    assert done == 2 and "no key was made and nothing was changed" in out
    assert _hashes(demo.home) == before


def test_a_sealed_home_whose_key_record_is_gone_is_neither_given_a_new_key_nor_read_as_clear(
    demo, tmp_path, fifo, capsys
):
    pass_file = secret(tmp_path, "pass", PASSPHRASE)
    done, out = _answering(
        ["key", "init", "--home", str(demo.home), "--passphrase-file", pass_file], fifo, _groups
    )
    assert done == 0, out
    session.lock()
    (demo.home / keys.KEY_FILE).unlink()
    before = _hashes(demo.home)
    done, out = _answering(
        ["key", "init", "--home", str(demo.home), "--passphrase-file", pass_file], fifo, _groups
    )
    assert done != 0 and "has no key record (keys.json)" in out and "Put keys.json back" in out, out
    for argv in (["check"], ["key", "status"], ["export-person", "007", "--out", str(tmp_path / "out")]):
        assert main([*argv, "--home", str(demo.home)]) != 0, argv
        assert "has no key record (keys.json)" in capsys.readouterr().err, argv
    assert _hashes(demo.home) == before


def test_a_short_passphrase_is_refused_before_any_key_is_made(demo, tmp_path, capsys):
    before = _hashes(demo.home)
    assert (
        main(["key", "init", "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "p", "short")])
        == 2
    )
    assert "at least 12 characters" in capsys.readouterr().err and _hashes(demo.home) == before


def test_a_home_that_has_a_key_is_not_given_another(demo, tmp_path, capsys):
    give_key(demo)
    before = _hashes(demo.home)
    assert (
        main(
            ["key", "init", "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "p", PASSPHRASE)]
        )
        == 2
    )
    assert "has a key already" in capsys.readouterr().err and _hashes(demo.home) == before


class Stopped(BaseException):
    """The run killed half-way (a BaseException, as KeyboardInterrupt is)."""


def test_a_sealing_stopped_half_way_leaves_whole_files_and_finishes_when_run_again(
    demo, tmp_path, monkeypatch
):
    record, _ = give_key(demo)
    write, written = files.write_file, []

    def dies_after_three(path, table, records):
        if len(written) == 3:
            raise Stopped
        write(path, table, records)
        written.append(path)

    monkeypatch.setattr(files, "write_file", dies_after_three)
    with pytest.raises(Stopped):
        seal_home(demo, keys.unlock(record, PASSPHRASE))
    monkeypatch.setattr(files, "write_file", write)
    left = in_clear(demo)
    assert left and not set(left) & set(written)  # three files sealed whole, the others untouched
    sealed_first = {p: p.read_bytes() for p in written}
    assert not list(demo.home.rglob(".*.tmp"))
    assert (
        main(["encrypt", "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "p", PASSPHRASE)])
        == 0
    )
    assert in_clear(demo) == {} and {p: p.read_bytes() for p in written} == sealed_first
    assert main(["encrypt", "--home", str(demo.home)]) == 0  # nothing left: no passphrase asked


def _edit(path: Path, column: str, change) -> None:
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[0].index(column)
    change(rows, at)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def test_encrypt_refuses_a_swapped_cell_by_name_and_writes_nothing(demo, tmp_path, capsys):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))

    def swap(rows, at):
        rows[1][at], rows[2][at] = rows[2][at], rows[1][at]

    _edit(demo.home / "people" / "007" / "answers.csv", "answer", swap)
    _edit(
        demo.home / "people" / "012" / "conversations.csv",
        "note",
        lambda r, at: r[1].__setitem__(at, "typed"),
    )
    before = _hashes(demo.home)
    pass_file = secret(tmp_path, "p", PASSPHRASE)
    assert main(["encrypt", "--home", str(demo.home), "--passphrase-file", pass_file]) == 2
    err = capsys.readouterr().err
    assert "answers.csv" in err and "does not open here" in err and "conversations.csv" not in err
    assert _hashes(demo.home) == before


# -- rotate -------------------------------------------------------------------------------


def _named(store) -> set[str]:
    """The key ids the home's stored cells are sealed under."""
    return key_ids_named(
        getattr(r, c.name) for f in stored_files(store) for r in f.rows for c in sealed_columns(f.table)
    )


NEW_PASSPHRASE = "a wholly new passphrase, never copied"


def _rotating(demo, tmp_path, fifo, answer=_groups, new=NEW_PASSPHRASE) -> tuple[int, str]:
    argv = ["key", "rotate", "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "p", PASSPHRASE)]
    argv += ["--new-passphrase-file", secret(tmp_path, "new", new)]
    return _answering(argv, fifo, answer)


def test_a_rotation_seals_every_note_again_under_a_new_key_with_a_new_recovery_code(demo, tmp_path, fifo):
    record, old_code = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    session.hold(keys.unlock(record, PASSPHRASE))  # a notebook unlocked before the rotation
    texts = private_texts(open_store(demo.home, create=False))
    assert _named(demo) == {record.current}
    done, out = _rotating(demo, tmp_path, fifo)
    assert done == 0, out
    answers = [a.answer for a in open_store(demo.home, create=False).load(Answer, "007") if a.answer]
    assert answers and all(is_locked(a) for a in answers)  # it reads locked until unlocked again
    rotated = keys.read_key_file(demo.home / keys.KEY_FILE)
    assert rotated.current != record.current and set(rotated.key_ids) == {rotated.current, record.current}
    assert _named(demo) == {rotated.current}  # no cell is sealed under the old key any more
    (code,) = [m[1] for line in out.splitlines() if (m := CODE_LINE.match(line))]
    keys.unlock_with_recovery(rotated, code)
    with pytest.raises(CareernbError):
        keys.unlock_with_recovery(rotated, old_code)
    with pytest.raises(CareernbError):  # a copy of the new record with the old passphrase opens nothing
        keys.unlock(rotated, PASSPHRASE)
    session.hold(keys.unlock(rotated, NEW_PASSPHRASE))
    assert private_texts(open_store(demo.home, create=False)) == texts


def test_a_rotation_refuses_the_passphrase_in_use_and_changes_nothing(demo, tmp_path, fifo):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    before = _hashes(demo.home)
    done, out = _rotating(demo, tmp_path, fifo, new=PASSPHRASE)
    assert done != 0 and "The new passphrase is the one in use" in out
    assert _hashes(demo.home) == before


def test_a_rotation_whose_new_code_is_not_read_back_changes_nothing(demo, tmp_path, fifo):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    before = _hashes(demo.home)
    done, out = _rotating(demo, tmp_path, fifo, lambda code, first, second: "\n")
    assert done == 2 and "nothing was changed" in out
    assert _hashes(demo.home) == before


# -- change, recover, status --------------------------------------------------------------


def test_a_passphrase_change_rewrites_the_key_file_alone(demo, tmp_path):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    before = _hashes(demo.home)
    argv = [
        "key",
        "change",
        "--home",
        str(demo.home),
        "--passphrase-file",
        secret(tmp_path, "old", PASSPHRASE),
    ]
    assert main([*argv, "--new-passphrase-file", secret(tmp_path, "new", "four new words here")]) == 0
    after = _hashes(demo.home)
    assert [p for p in before if before[p] != after[p]] == [keys.KEY_FILE]
    changed = keys.read_key_file(demo.home / keys.KEY_FILE)
    assert changed.kdf == keys.DEFAULT_KDF  # the test's cheap parameters were raised
    session.hold(keys.unlock(changed, "four new words here"))
    assert open_store(demo.home, create=False).load(Answer, "007")[0].answer


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["key", "change", "--passphrase-file", "{wrong}", "--new-passphrase-file", "{new}"],
            "does not unlock",
        ),
        (
            ["key", "recover", "--recovery-code-file", "{wrong}", "--new-passphrase-file", "{new}"],
            "not a recovery",
        ),
        (["key", "change", "--passphrase-file", "{missing}"], "no such file"),
        (["key", "change", "--passphrase-file", "{good}", "--new-passphrase-file", "{short}"], "at least 12"),
    ],
    ids=["wrong passphrase", "wrong recovery code", "missing file", "weak new passphrase"],
)
def test_a_wrong_secret_ends_in_a_clear_message_and_changes_nothing(demo, tmp_path, capsys, argv, message):
    give_key(demo)
    before = _hashes(demo.home)
    places = {
        "wrong": secret(tmp_path, "wrong", "not the passphrase at all"),
        "new": secret(tmp_path, "new", "four new words here"),
        "good": secret(tmp_path, "good", PASSPHRASE),
        "short": secret(tmp_path, "short", "short"),
        "missing": str(tmp_path / "missing"),
    }
    assert main([*(a.format(**places) for a in argv), "--home", str(demo.home)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "not the passphrase" not in err
    assert _hashes(demo.home) == before


def test_a_lost_passphrase_is_replaced_with_the_recovery_code(demo, tmp_path, capsys):
    record, code = give_key(demo)
    code_file = secret(tmp_path, "code", code.text.lower().replace("-", " "))
    argv = ["key", "recover", "--home", str(demo.home), "--recovery-code-file", code_file]
    assert main([*argv, "--new-passphrase-file", secret(tmp_path, "new", "four new words here")]) == 0
    assert "the recovery code" in capsys.readouterr().out.lower()
    recovered = keys.read_key_file(demo.home / keys.KEY_FILE)
    assert keys.unlock(recovered, "four new words here").key_ids == record.key_ids
    keys.unlock_with_recovery(recovered, code)


def test_key_status_says_whether_there_is_a_key_its_parameters_and_what_is_in_clear(demo, tmp_path, capsys):
    assert main(["key", "status", "--home", str(demo.home)]) == 0
    out = capsys.readouterr().out
    assert "has no key" in out and re.search(r"\(\d+ cells in \d+ files\)", out)
    record, _ = give_key(demo)
    assert main(["key", "status", "--home", str(demo.home)]) == 0
    out = capsys.readouterr().out
    assert f"key id: {record.current}" in out and "Argon2id, 0 MiB, 1 passes, 1 lanes" in out
    assert re.search(r"in clear: \d+ private cells in \d+ files; `careernb encrypt` seals them", out)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    assert main(["key", "status", "--home", str(demo.home)]) == 0
    assert "in clear: no private cell; every private note is sealed" in capsys.readouterr().out


def test_no_secret_is_ever_taken_from_the_command_line_itself():
    top = parser()
    commands = {a.dest: a for a in top._actions if isinstance(a, argparse._SubParsersAction)}["command"]
    options = []
    for name in ("key", "encrypt"):
        found = commands.choices[name]
        subs = [a for a in found._actions if isinstance(a, argparse._SubParsersAction)]
        for p in [found, *(c for s in subs for c in s.choices.values())]:
            options += [o for a in p._actions for o in a.option_strings]
    secret = [o for o in options if re.search("pass|code|confirm", o)]
    assert secret and all(o.endswith("-file") for o in secret), secret


# -- documents in a locked session -------------------------------------------------------------


def test_a_document_that_needs_a_sealed_cell_says_unlock_first_when_nobody_can_be_asked(
    demo, tmp_path, capsys
):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    shared = next(p for p in demo.person_ids() if any(a.share for a in _answers(demo, p)))
    out = tmp_path / "copy"
    assert main(["export-person", shared, "--home", str(demo.home), "--out", str(out)]) == 2
    assert "your private notes are locked" in capsys.readouterr().err
    assert not out.exists() or not any(out.rglob("*"))


def _answers(store, pid):
    session.hold(keys.unlock(store.key_record, PASSPHRASE))
    try:
        return open_store(store.home, create=False).load(Answer, pid)
    finally:
        session.lock()


# -- at a terminal ------------------------------------------------------------------------


class Terminal:
    """A command run at a terminal of its own (a pseudo-terminal), answered prompt by prompt."""

    def __init__(self, argv: list[str]) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the command, its standard streams the terminal
            os.execv(CLI[0], [*CLI, *argv])
        self.seen = ""

    def expect(self, pattern: str) -> re.Match:
        import select

        while not (found := re.search(pattern, self.seen)):
            ready, _, _ = select.select([self.fd], [], [], 60)
            assert ready, f"no {pattern!r} in {self.seen!r}"
            try:
                self.seen += os.read(self.fd, 4096).decode()
            except OSError:  # the command ended
                raise AssertionError(f"no {pattern!r} in {self.seen!r}") from None
        self.seen = self.seen[found.end() :]
        return found

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode() + b"\r")

    def status(self) -> int:
        try:
            while os.read(self.fd, 4096):
                pass
        except OSError:
            pass
        return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


@pytest.mark.parametrize("tries", [1, 2], ids=["typed right", "typed wrong once"])
def test_at_a_terminal_the_code_is_cleared_once_written_down_and_two_groups_are_typed_back(demo, tries):
    term = Terminal(["key", "init", "--home", str(demo.home)])
    term.expect("New passphrase")
    term.type(PASSPHRASE)
    term.expect("same passphrase again")
    term.type(PASSPHRASE)
    code = term.expect(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})")[1].split("-")
    term.expect("Press Enter once it is written down")
    term.type("")
    term.expect(re.escape("\033[H\033[2J\033[3J"))  # the screen and its scrollback cleared
    for attempt in range(tries):
        first = int(term.expect(r"Type group (\d)")[1])
        term.type(code[first - 1] if attempt == tries - 1 else "XXXX")
        second = int(term.expect(r"Type group (\d)")[1])
        term.type(code[second - 1].lower())
    term.expect("Sealed")
    assert term.status() == 0 and in_clear(open_store(demo.home, create=False)) == {}


@pytest.mark.parametrize("keyed", [False, True], ids=["no key yet", "a key made"])
def test_a_damaged_home_is_named_before_a_key_is_made_or_a_cell_sealed(demo, tmp_path, capsys, keyed):
    if keyed:
        give_key(demo)
    damaged = demo.home / "people" / "046" / "answers.csv"
    lines = damaged.read_bytes().split(b"\r\n")
    damaged.write_bytes(
        b"\r\n".join([lines[0] + b",mood", *(line + b"," if line else line for line in lines[1:])])
    )
    before = _hashes(demo.home)
    for command in (["key", "init"], ["encrypt"]):
        argv = [*command, "--home", str(demo.home), "--passphrase-file", secret(tmp_path, "p", PASSPHRASE)]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert str(damaged) in err or "has a key already" in err
        assert _hashes(demo.home) == before


def test_clear_lost_empties_the_cells_no_key_opens_once_asked_and_the_home_reads_again(
    demo, tmp_path, capsys
):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    (demo.home / keys.KEY_FILE).unlink()  # lost for good
    before = _hashes(demo.home)
    argv = ["key", "clear-lost", "--home", str(demo.home)]
    assert main(argv) == 2 and "would be emptied" in capsys.readouterr().out
    assert _hashes(demo.home) == before  # only said how many
    assert main([*argv, "--yes"]) == 0 and "Emptied" in capsys.readouterr().out
    store = open_store(demo.home, create=False)
    assert all(not a.answer for a in store.load(Answer, "007"))  # read again, as a home without a key
    assert main(["check", "--home", str(demo.home)]) == 0


def test_clear_lost_with_the_key_sets_the_record_aside_so_a_new_key_can_be_made(demo, tmp_path, capsys):
    record, _ = give_key(demo)
    seal_home(demo, keys.unlock(record, PASSPHRASE))
    assert main(["key", "clear-lost", "--home", str(demo.home), "--yes"]) == 0  # every cell opens: nothing
    assert "nothing to empty" in capsys.readouterr().out
    assert main(["key", "clear-lost", "--with-the-key", "--home", str(demo.home), "--yes"]) == 0
    assert not (demo.home / keys.KEY_FILE).exists() and list(demo.home.glob("keys.json.set-aside-*"))
    assert open_store(demo.home, create=False).key_record is None
    assert main(["check", "--home", str(demo.home)]) == 0

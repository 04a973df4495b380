"""Every command ends in a message, never a traceback: no terminal on standard input, a hostile
archive, an unknown person. And the handover prompt lists exactly what leaves."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tarfile

import pytest

CLI = [sys.executable, "-m", "careernb"]


def _run(*args: str, stdin=subprocess.DEVNULL, text_in: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args],
        stdin=None if text_in is not None else stdin,
        input=text_in,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _ends_in_a_message(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 0
    assert done.stderr.startswith("careernb: error: "), done.stderr


def _close_stdin() -> None:
    os.close(0)


STDIN = {
    "at its end (< /dev/null)": {"stdin": subprocess.DEVNULL},
    "closed (<&-)": {"stdin": None, "preexec_fn": _close_stdin},
}


@pytest.mark.parametrize("stdin", STDIN)
@pytest.mark.parametrize(
    ("command", "flag"), [(["forget", "012"], "--yes"), (["handover", "012", "--out", "PACK"], "--agreed")]
)
def test_with_no_one_at_standard_input_a_confirmation_ends_in_a_message(demo, tmp_path, command, flag, stdin):
    before = sorted(p for p in demo.home.rglob("*"))
    args = [c.replace("PACK", str(tmp_path / "pack")) for c in command]
    done = subprocess.run(
        [*CLI, *args, "--home", str(demo.home)], capture_output=True, text=True, timeout=120, **STDIN[stdin]
    )
    _ends_in_a_message(done)
    assert flag in done.stderr  # says how to confirm without a terminal
    assert sorted(p for p in demo.home.rglob("*")) == before
    assert not (tmp_path / "pack").exists()


def test_handover_of_an_unknown_person_creates_nothing(demo, tmp_path):
    out = tmp_path / "pack"
    done = _run("handover", "nobody", "--home", str(demo.home), "--out", str(out), "--agreed")
    _ends_in_a_message(done)
    assert "nobody" in done.stderr
    assert not out.exists()


def _archive(path, members) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def _file(name: str, data: bytes = b"x"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _link(name: str, target: str, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


HOSTILE = {
    "a ../ member": [_file("careernb-home/../escaped.csv")],
    "an absolute path": [_file("/tmp/careernb-absolute.csv")],
    "a symlink": [_link("careernb-home/people.csv", "/etc/passwd")],
    "a hard link": [_link("careernb-home/people.csv", "/etc/passwd", tarfile.LNKTYPE)],
    "a device": [(tarfile.TarInfo("careernb-home/null"), None)],
}
HOSTILE["a device"][0][0].type = tarfile.CHRTYPE


@pytest.mark.parametrize("case", [*HOSTILE, "not an archive", "an empty file"])
def test_a_hostile_archive_ends_in_a_message_and_writes_nothing(tmp_path, case):
    archive = tmp_path / "backup.tar.gz"
    if case == "not an archive":
        archive.write_bytes(b"person_id,name\n")
    elif case == "an empty file":
        archive.write_bytes(b"")
    else:
        _archive(archive, HOSTILE[case])
    home = tmp_path / "restored" / "home"
    done = _run("restore", str(archive), "--home", str(home))
    _ends_in_a_message(done)
    assert "not a careernb backup" in done.stderr
    assert not home.exists()
    assert not (tmp_path / "restored" / "escaped.csv").exists()
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == [] if home.parent.exists() else True


def test_the_handover_prompt_lists_every_file_and_column_that_leaves(demo, tmp_path):
    out = tmp_path / "pack"
    done = _run("handover", "019", "--home", str(demo.home), "--out", str(out), text_in="y\n")
    assert done.returncode == 0, done.stderr
    prompt = done.stdout.split("[y/N]")[0]
    for path in sorted(out.glob("*.csv")):
        if path.name == "handover.csv":
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        filled = {k for r in rows for k, v in r.items() if v} - {"person_id"}
        if not rows:
            continue
        assert path.name in prompt, path.name
        line = next(x for x in prompt.splitlines() if path.name in x)
        for column in filled:
            assert column in line, (path.name, column, line)
    assert "email" in prompt and "joined" in prompt and "minutes" in prompt


def test_writing_a_pack_for_an_unknown_person_makes_no_folder(demo, tmp_path):
    from careernb.errors import UnknownPersonError
    from careernb.ownership.handover import write_pack

    with pytest.raises(UnknownPersonError):
        write_pack(demo, "nobody", tmp_path / "pack")
    assert not (tmp_path / "pack").exists()


OUT_IN_THE_WAY = {
    "a file where a folder goes": ("FILE/out", "FILE: this is a file, where careernb needs a folder"),
    "a folder where the file goes": (
        "FOLDER",
        "FOLDER: it is a folder, where careernb writes or reads a file",
    ),
}


@pytest.mark.parametrize(
    ("command", "case"),
    [
        (c, "a file where a folder goes")
        for c in (["questions"], ["calendar"], ["backup"], ["contract", "007"])
    ]
    + [(["questions"], "a folder where the file goes")],  # others write into a folder given
)
def test_an_out_path_the_machine_refuses_is_named_with_what_to_do(demo, tmp_path, command, case):
    (tmp_path / "FILE").write_text("mine")
    (tmp_path / "FOLDER").mkdir()
    out, said = (str(tmp_path / part) for part in OUT_IN_THE_WAY[case])
    before = sorted(p for p in demo.home.rglob("*"))
    done = _run(*command, "--out", out, "--home", str(demo.home))
    _ends_in_a_message(done)
    assert said in done.stderr and "run the command again" in done.stderr
    assert (tmp_path / "FILE").read_text() == "mine" and list((tmp_path / "FOLDER").iterdir()) == []
    assert sorted(p for p in demo.home.rglob("*")) == before

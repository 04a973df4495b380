"""What the command line prints of a person's text: a control character in a name, a commitment
or a message cannot move the cursor, clear the screen or retitle the manager's terminal."""

from __future__ import annotations

import dataclasses
import re

from careernb.cli import main
from careernb.cli.terminal import shown
from careernb.domain.people import Person
from careernb.errors import CareernbError

HOSTILE = "Tom\x1b[2J\x1b]0;pwned\x07\r\x9bás"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_a_control_is_written_as_its_escape_and_a_line_break_is_kept():
    assert shown(HOSTILE) == "Tom\\x1b[2J\\x1b]0;pwned\\x07\\r\\x9bás"
    assert shown("one\r\ntwo\nthree\tfour") == "one\ntwo\nthree\tfour"  # a tab moves nothing back


def _named(demo, person_id: str) -> None:
    demo.update(
        Person,
        None,
        lambda rows: [dataclasses.replace(p, name=HOSTILE) if p.person_id == person_id else p for p in rows],
    )


def test_health_prints_a_name_with_its_controls_escaped(demo, capsys):
    _named(demo, "007")
    assert main(["health", "--home", str(demo.home), "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    assert f"  - {shown(HOSTILE)}:" in out


def test_forget_prints_the_name_it_forgot_with_its_controls_escaped(demo, capsys):
    _named(demo, "007")
    assert main(["forget", "007", "--home", str(demo.home), "--yes"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", "")) and f"Forgot {shown(HOSTILE)} (007)" in out


def test_a_quarter_that_failed_names_the_manager_with_their_controls_escaped(demo, tmp_path, capsys):
    _named(demo, "ada")
    fit = demo.home / "people" / "019" / "fit.csv"
    fit.write_bytes(fit.read_bytes().replace(b",fits here,", b",nonsense,"))
    assert main(["quarterly", "--home", str(demo.home), "--quarter", "2026Q4", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if "failed:" in line]
    assert failed and not RAW.search("".join(failed)) and shown(HOSTILE) in failed[0]


def test_an_error_is_printed_with_its_controls_escaped(monkeypatch, capsys):
    import careernb.cli as cli

    def refuse(args):
        raise CareernbError(f"no such thing as {HOSTILE}")

    monkeypatch.setattr(
        cli, "COMMANDS", [c._replace(run=refuse) if c.name == "health" else c for c in cli.COMMANDS]
    )
    assert main(["health", "--home", "/nowhere"]) == 2
    assert capsys.readouterr().err == f"careernb: error: no such thing as {shown(HOSTILE)}\n"

"""Every file and folder careernb writes, in the data home or at --out, is its owner's alone,
whatever the umask; and nothing is left behind in the temporary folder."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from careernb.cli import main
from careernb.home import loose_permissions


def _loose(root: Path) -> list[str]:
    return [
        f"{p} {stat.S_IMODE(p.stat().st_mode):o}"
        for p in [root, *root.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]


@pytest.mark.slow
def test_quarterly_in_the_home_is_owner_only_and_leaves_no_progress_folder(
    demo, tmp_path, monkeypatch, open_umask
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    assert main(["quarterly", "--home", str(demo.home), "--quarter", "2026Q4"]) == 0
    assert (demo.home / "reports" / "2026Q4" / "index.html").is_file()
    assert loose_permissions(demo.home) == []
    assert [p.name for p in scratch.iterdir() if p.name.startswith("careernb-progress-")] == []


@pytest.mark.slow
def test_quarterly_out_folder_is_owner_only(demo, tmp_path, open_umask):
    out = tmp_path / "made" / "by-careernb"
    assert main(["quarterly", "--home", str(demo.home), "--quarter", "2026Q4", "--out", str(out)]) == 0
    assert _loose(out.parent) == []


def test_export_person_and_handover_out_folders_are_owner_only(demo, tmp_path, open_umask):
    person = next(p for p in os.listdir(demo.home / "people"))
    copy, pack = tmp_path / "new" / "copy", tmp_path / "new2" / "pack"
    assert main(["export-person", person, "--home", str(demo.home), "--out", str(copy)]) == 0
    assert main(["handover", person, "--home", str(demo.home), "--out", str(pack), "--agreed"]) == 0
    assert _loose(copy.parent) == []
    assert _loose(pack.parent) == []


def test_questions_html_and_its_folder_are_owner_only(demo, tmp_path, open_umask):
    out = tmp_path / "printed" / "questions.html"
    assert main(["questions", "--home", str(demo.home), "--out", str(out)]) == 0
    assert _loose(out.parent) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "--out", "{deep}/home.tar.gz"],
        ["questions", "--out", "{deep}/questions.html"],
        ["contract", "007", "--out", "{deep}/contract.html", "--eml", "{deep}/eml/contract.eml"],
        ["calendar", "--out", "{deep}/team.ics"],
        ["export-person", "007", "--out", "{deep}/copy"],
        ["handover", "007", "--out", "{deep}/pack", "--agreed"],
    ],
)
def test_the_folders_a_command_makes_for_its_output_are_owner_only(demo, tmp_path, open_umask, argv):
    deep = tmp_path / "new" / "deep"
    assert main([a.format(deep=deep) for a in argv] + ["--home", str(demo.home)]) == 0
    assert _loose(tmp_path / "new") == []


def test_the_folders_made_for_a_light_prompt_are_owner_only(demo, tmp_path, open_umask):
    from careernb.documents.advance_prompt import draft, write_eml

    write_eml(demo, draft(demo, "019"), folder=tmp_path / "new" / "deep" / "outbox")
    assert _loose(tmp_path / "new") == []

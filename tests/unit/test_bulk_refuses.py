"""The bulk read refuses what the checker refuses of the cells it reads, so a figure is never
counted from a file `careernb check` would not pass (the team view, the quarter)."""

from __future__ import annotations

import pytest

from careernb.documents import team_view
from careernb.domain.aspirations import FitAssessment
from careernb.domain.contract import Commitment
from careernb.domain.people import Person
from careernb.errors import StoreFormatError
from careernb.follow_through import figures
from careernb.ownership.sharing import team_frames
from careernb.store import bulk, table_of
from tests.conftest import TODAY


def _fit(demo):
    return demo.home / "people" / "019" / "fit.csv"


def _lines(path) -> list[str]:
    return path.read_bytes().decode().split("\r\n")


def _write(path, lines: list[str]) -> None:
    path.write_bytes("\r\n".join(lines).encode())


def _cell(path, row: int, column: str, value: str) -> None:
    lines = _lines(path)
    names = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[names.index(column)] = value
    lines[row - 1] = ",".join(cells)
    _write(path, lines)


DAMAGES = {
    "a value its column cannot hold": lambda p: _cell(p, 2, "fit", "nonsense"),
    "a day that is not in the calendar": lambda p: _cell(p, 2, "assessed", "2026-02-30"),
    "a row of another person": lambda p: _cell(p, 2, "person_id", "007"),
    "a key used twice": lambda p: _write(p, [*_lines(p)[:2], _lines(p)[1], *_lines(p)[2:]]),
    "no header": lambda p: _write(p, _lines(p)[1:]),
    "a column the table does not have": lambda p: _write(
        p, [_lines(p)[0] + ",mood", *(line + ",x" if line else line for line in _lines(p)[1:])]
    ),
    "a required column missing": lambda p: _write(p, [",".join(line.split(",")[1:]) for line in _lines(p)]),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_file_the_checker_refuses_is_refused_by_the_bulk_read_in_the_checkers_words(demo, damage):
    DAMAGES[damage](_fit(demo))
    with pytest.raises(StoreFormatError) as checked:
        demo.check()
    ids = demo.person_ids()
    with pytest.raises(StoreFormatError) as bulk_read:
        team_frames(demo, ids, {FitAssessment: ["person_id", "fit"]})
    assert str(bulk_read.value) == str(checked.value)
    # The team view of the quarter fails, naming the file, instead of counting what it cannot trust.
    ada = next(p for p in demo.load(Person) if p.person_id == "ada")
    (failed,) = team_view.render_all(demo, "2026Q4", [ada], TODAY).values()
    assert isinstance(failed, StoreFormatError) and str(failed) == str(checked.value)


def test_without_the_checker_the_bulk_read_names_the_file_row_and_column_itself(demo):
    path = demo.home / "people" / "007" / "commitments.csv"
    rows = len(_lines(path)) - 2  # the header and the end of the last line
    assert rows >= 3
    _cell(path, 4, "due", "next friday")
    table = table_of(Commitment)
    paths = [demo.home / "people" / p / "commitments.csv" for p in demo.person_ids()]
    with pytest.raises(StoreFormatError) as refused:
        bulk.read_table(table, paths, ["party", "due"])
    assert refused.value.path == path
    assert (refused.value.row, refused.value.column, refused.value.value) == (4, "due", "next friday")


def test_the_team_figures_of_a_sound_home_are_read_as_before(demo):
    frames = team_frames(demo, demo.person_ids(), figures.NEEDS)
    assert all(len(frame.columns) for frame in frames.values())
    assert len(frames[Commitment]) == sum(len(demo.load(Commitment, p)) for p in demo.person_ids())

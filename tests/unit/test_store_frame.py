"""Store.frame(): the bulk read path gives every cell exactly as load() does, faster."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careernb import TABLES
from careernb.domain.aspirations import Aspiration, FitAssessment
from careernb.domain.contract import Commitment, Contract, Party, Status
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.errors import StoreFormatError
from careernb.follow_through import figures
from careernb.ownership.sharing import team_frames
from careernb.store import CsvStore, table_of
from tests.strategies import tables_rows
from tests.unit.test_store_roundtrip import PERSON, REFERENCES, _base_store

OTHER = "008"


def _expected(store: CsvStore, record_type: type, people: list[str]) -> list[list[str]]:
    table = table_of(record_type)
    if not table.per_person:
        return [table.to_row(r) for r in store.load(record_type)]
    return [table.to_row(r) for p in people for r in store.load(record_type, p)]


@pytest.mark.parametrize("record_type", TABLES, ids=lambda t: table_of(t).name)
def test_every_cell_of_every_table_reads_back_as_load_gives_it(record_type, tmp_path_factory):
    table = table_of(record_type)
    home = tmp_path_factory.mktemp("home")
    store = _base_store(home)
    store.save(Person(OTHER, "Wen", "ada"))
    store.save(Conversation("c1", OTHER, ConversationKind.NOW))
    store.save(Contract(OTHER, 1))
    if table.name == "people":
        references = {**REFERENCES, "people": st.sampled_from(["ada", None])}
    else:
        references = REFERENCES

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        mine=tables_rows(table, references),
        theirs=tables_rows(table, {**references, "people": st.just(OTHER)}),
    )
    def same_cells(mine, theirs):
        if table.name == "people":
            keep = [Person("ada", "Ada"), Person(PERSON, "Tomás", "ada"), Person(OTHER, "Wen", "ada")]
            ids = {p.person_id for p in keep}
            store.update(Person, None, lambda _old: [*keep, *(r for r in mine if r.person_id not in ids)])
        elif not table.per_person:
            store.update(record_type, None, lambda _old: mine)
        else:
            store.update(record_type, PERSON, lambda _old: mine)
            store.update(
                record_type,
                OTHER,
                lambda _old: [type(r)(**{**_fields(r), "person_id": OTHER}) for r in theirs],
            )
        fresh = CsvStore(home, TABLES)
        frame = fresh.frame(record_type, [PERSON, OTHER])
        assert list(frame.columns) == table.header
        assert frame.to_numpy().tolist() == _expected(fresh, record_type, [PERSON, OTHER])

    same_cells()


def _fields(record) -> dict:
    return {c.name: getattr(record, c.name) for c in table_of(record).columns}


HOSTILE = ["NA", "None", "NaN", "null", "", "\ttab first", "\rcr first", "one\r\ntwo", "\u2028sep",
           "مرحبا", "👩🏽\u200d💻", '"quoted", with comma', "007", "x" * 10_000, "=SUM(A1)"]  # fmt: skip


def test_hostile_text_comes_back_exactly(tmp_path):
    store = _base_store(tmp_path / "home")
    store.save(*(Answer(PERSON, "c1", f"q{i}", text, text) for i, text in enumerate(HOSTILE)))
    frame = store.frame(Answer, [PERSON], ["question_id", "answer", "underneath"])
    assert frame["answer"].tolist() == HOSTILE
    assert frame["underneath"].tolist() == HOSTILE
    assert list(frame.columns) == ["question_id", "answer", "underneath"]


def test_many_files_of_multi_line_answers_read_back_whole(tmp_path):
    # Several megabytes of answers with line breaks inside quotes: no row is cut in two.
    store = _base_store(tmp_path / "home")
    text = "first line\r\nsecond, with a comma\n" + "x" * 3000
    store.save(*(Answer(PERSON, "c1", f"q{i}", f"{i}: {text}") for i in range(1500)))
    frame = store.frame(Answer, [PERSON], ["question_id", "answer"])
    assert frame["answer"].tolist() == [f"{i}: {text}" for i in range(1500)]


def test_a_column_a_hand_written_file_leaves_out_gets_its_default(tmp_path):
    store = _base_store(tmp_path / "home")
    path = tmp_path / "home" / "people" / PERSON / "commitments.csv"
    path.write_text("person_id,version,commitment_id,party,action\r\n007,1,k1,person,Read\r\n", "utf-8")
    frame = store.frame(Commitment, [PERSON])
    assert frame.to_numpy().tolist() == _expected(store, Commitment, [PERSON])
    assert frame.loc[0, "status"] == "open" and frame.loc[0, "due"] == ""


def test_people_without_a_file_and_an_empty_selection_give_an_empty_frame_with_the_columns(tmp_path):
    store = _base_store(tmp_path / "home")
    frame = store.frame(Commitment, [PERSON], ["person_id", "due"])
    assert frame.empty and list(frame.columns) == ["person_id", "due"]


def test_a_file_with_an_unclosed_quote_is_refused_not_merged_into_the_next(tmp_path):
    store = _base_store(tmp_path / "home")
    store.save(Person(OTHER, "Wen", "ada"))
    store.save(Answer(PERSON, "c1", "q1", "fine"))
    path = tmp_path / "home" / "people" / PERSON / "answers.csv"
    path.write_bytes(path.read_bytes().replace(b"fine", b'"fine'))
    with pytest.raises(StoreFormatError, match="careernb check"):
        store.frame(Answer, [PERSON, OTHER])


def test_a_file_with_an_unclosed_quote_and_a_quote_in_a_cells_text_is_refused_not_merged(tmp_path):
    """Two quotes, an even count: the file still ends inside a quoted cell, and joined to the next
    file it would swallow that file's rows (the team's figures silently short)."""
    store = _base_store(tmp_path / "home")
    store.save(Person(OTHER, "Wen", "ada"))
    store.save(Conversation("c3", OTHER, ConversationKind.NOW))
    store.save(Answer(PERSON, "c1", "q1", "six foot two"), Answer(PERSON, "c1", "q2", "fine"))
    store.save(Answer(OTHER, "c3", "q1", "kept, mostly"), Answer(OTHER, "c3", "q2", "kept too"))
    path = tmp_path / "home" / "people" / PERSON / "answers.csv"
    path.write_bytes(path.read_bytes().replace(b"six foot two", b"6' 2\" tall").replace(b"fine", b'"fine'))
    with pytest.raises(StoreFormatError, match=f"{PERSON}.answers.csv.*careernb check"):
        store.frame(Answer, [PERSON, OTHER])
    with pytest.raises(StoreFormatError, match="quoting is broken"):
        store.check()


def _every_row_as_load_reads_it(store: CsvStore, record_type: type) -> None:
    ids = store.person_ids()
    assert store.frame(record_type, ids).to_numpy().tolist() == _expected(store, record_type, ids)


def test_a_file_whose_lines_end_in_a_lone_carriage_return_reads_as_load_reads_it(demo):
    """A spreadsheet's "CSV (Macintosh)": the checker reads it; the team's figures read it alike."""
    path = demo.home / "people" / "007" / "commitments.csv"
    before = demo.frame(Commitment, demo.person_ids())
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert demo.check()
    _every_row_as_load_reads_it(demo, Commitment)
    assert demo.frame(Commitment, demo.person_ids()).equals(before)


def test_a_quote_inside_a_cells_text_reads_as_load_reads_it_and_the_next_file_too(demo):
    path = demo.home / "people" / "007" / "commitments.csv"
    text = path.read_text(encoding="utf-8")
    row = text.splitlines()[1].split(",")
    unquoted = next(i for i, cell in enumerate(row) if cell and not cell.startswith('"') and " " in cell)
    row[unquoted] = row[unquoted] + " (6' 2\" tall)"
    lines = text.splitlines(keepends=True)
    lines[1] = ",".join(row) + "\r\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert demo.check()
    assert any('2" tall' in c.action for c in demo.load(Commitment, "007"))
    _every_row_as_load_reads_it(demo, Commitment)


def test_a_file_whose_header_names_are_quoted_reads_as_load_reads_it(demo):
    """A spreadsheet that quotes every text cell quotes the header's names too."""
    path = demo.home / "people" / "007" / "commitments.csv"
    header, rest = path.read_bytes().split(b"\r\n", 1)
    path.write_bytes(b",".join(b'"' + name + b'"' for name in header.split(b",")) + b"\r\n" + rest)
    assert demo.check()
    _every_row_as_load_reads_it(demo, Commitment)


def test_the_team_gate_refuses_a_column_the_team_may_not_see(tmp_path):
    store = _base_store(tmp_path / "home")
    with pytest.raises(PermissionError, match="commitments.action"):
        team_frames(store, [PERSON], {Commitment: ["person_id", "action"]})
    with pytest.raises(PermissionError, match="answers"):
        team_frames(store, [PERSON], {Answer: ["person_id"]})
    with pytest.raises(PermissionError, match=r"\.partial_paths is not for the team"):
        team_frames(store, [PERSON], {FitAssessment: ["person_id", "partial_paths"]})


def test_the_figures_read_team_columns_only():
    for kind, columns in figures.NEEDS.items():
        table = table_of(kind)
        assert all(table.column(c).privacy == "team" for c in columns), table.name


def test_commitments_of_two_people_sharing_an_id_are_both_counted(tmp_path):
    store = _base_store(tmp_path / "home")
    store.save(Person(OTHER, "Wen", "ada"))
    for pid in (PERSON, OTHER):
        store.save(Contract(pid, 1))
        store.save(Commitment(pid, 1, "k1", Party.MANAGER, "Intro", _day("2026-11-02"), Status.DONE,
                              _day("2026-11-01")))  # fmt: skip
    frames = team_frames(store, [PERSON, OTHER], figures.NEEDS)
    kept = figures.kept_on_time(frames[Commitment], ["2026Q4"], _day("2026-11-30"))
    manager = kept[kept["side"] == "manager"].iloc[0]
    assert (manager["kept"], manager["due"]) == (2, 2)


def _day(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_aspirations_frame_matches_for_a_real_team(demo):
    ids = demo.person_ids()
    frame = demo.frame(Aspiration, ids)
    assert frame.to_numpy().tolist() == _expected(demo, Aspiration, ids)
    assert len(frame) > 0


def test_a_contract_reads_only_the_tables_it_shows_and_only_shared_answers(demo, monkeypatch):
    from careernb.documents.contract import contract_html
    from careernb.store import files

    parsed: list[tuple[str, int]] = []
    real_parse = files.parse_file

    def counting(path, table, **kw):
        records = real_parse(path, table, **kw)
        parsed.append((table.name, len(records)))
        return records

    monkeypatch.setattr(files, "parse_file", counting)
    fresh = CsvStore(demo.home, TABLES)
    contract_html(fresh, "007")
    read = {name for name, _ in parsed}
    assert read <= {
        "people",
        "questions",
        "contracts",
        "commitments",
        "review_points",
        "conversations",
        "answers",
        "aspirations",
        "reply_tokens",  # the token its reply is signed with
    }
    answers_parsed = [n for name, n in parsed if name == "answers"]
    everything = fresh.load(Answer, "007")
    assert answers_parsed == [sum(a.share for a in everything)]
    assert 0 < sum(a.share for a in everything) < len(everything)

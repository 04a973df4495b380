"""Where the data lives, who may read it, and what one save costs."""

from __future__ import annotations

import os
import stat

import pytest

from careernb import TABLES, errors, open_store, resolve_home
from careernb.documents.data_doc import markdown
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.home import default_home, is_empty, loose_permissions
from careernb.store import CsvStore, Privacy, table_of


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_when_a_store_is_created_then_folders_are_0700_and_files_0600(tmp_path):
    old = os.umask(0o022)  # a typical umask must not loosen anything
    try:
        store = open_store(tmp_path / "home")
        store.save(Person("ada", "Ada"), Person("007", "Tomás", "ada"))
        store.save(Conversation("c1", "007", ConversationKind.NOW))
    finally:
        os.umask(old)
    paths = [store.home, *store.home.rglob("*")]
    assert {_mode(p) for p in paths if p.is_dir()} == {0o700}
    assert {_mode(p) for p in paths if p.is_file()} == {0o600}
    assert loose_permissions(store.home) == []


@pytest.mark.parametrize(
    ("record_type", "person_id", "path"),
    [
        (Person, None, "people.csv"),
        (Answer, "007", "people/007/answers.csv"),
        (Conversation, "007", "people/007/conversations.csv"),
    ],
)
def test_a_tables_file_is_named_by_the_store_where_it_saves_it(tmp_path, record_type, person_id, path):
    store = open_store(tmp_path / "home")
    store.save(Person("ada", "Ada"), Person("007", "Tomás", "ada"))
    store.save(Conversation("c1", "007", ConversationKind.NOW))
    store.save(Answer("007", "c1", "q1", "words"))
    assert store.path_of(record_type, person_id) == store.home / path
    assert store.path_of(record_type, person_id).is_file()


@pytest.mark.parametrize(("record_type", "person_id"), [(Answer, None), (errors.CareernbError, None)])
def test_a_tables_file_needs_its_person_and_a_table_of_the_store(tmp_path, record_type, person_id):
    with pytest.raises(TypeError):
        open_store(tmp_path / "home").path_of(record_type, person_id)


@pytest.mark.parametrize("reach", ["load", "save", "path_of"])
def test_a_store_refuses_a_table_it_was_not_opened_with_naming_it(tmp_path, reach):
    store = CsvStore(tmp_path / "home", [Person])
    calls = {
        "load": lambda: store.load(Answer, "007"),
        "save": lambda: store.save(Answer("007", "c1", "q1", "words")),
        "path_of": lambda: store.path_of(Answer, "007"),
    }
    before = sorted(store.home.rglob("*"))
    with pytest.raises(TypeError, match="^answers is not a table of this store$"):
        calls[reach]()
    assert sorted(store.home.rglob("*")) == before


def test_when_someone_loosens_a_file_then_it_is_reported_with_the_fix(tmp_path):
    store = open_store(tmp_path / "home")
    os.chmod(store.home / "people.csv", 0o644)
    assert loose_permissions(store.home) == [
        (store.home / "people.csv", f"chmod 600 {store.home / 'people.csv'}")
    ]


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        ("/x/flag", "/x/env", "/x/flag"),
        (None, "/x/env", "/x/env"),
        (None, None, None),
    ],
)
def test_the_data_home_comes_from_flag_then_env_then_default(monkeypatch, flag, env, expected):
    if env:
        monkeypatch.setenv("CAREERNB_HOME", env)
    else:
        monkeypatch.delenv("CAREERNB_HOME", raising=False)
    got = resolve_home(flag)
    assert str(got) == (expected or str(default_home()))


def test_the_default_home_is_under_the_users_home_not_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_home() == tmp_path / ".local" / "share" / "careernb"


def test_when_the_store_was_written_by_a_newer_careernb_then_opening_fails_clearly(tmp_path):
    store = open_store(tmp_path / "home")
    (store.home / "careernb.csv").write_text("key,value\nschema_version,99\n")
    with pytest.raises(errors.NewerStoreError, match="newer careernb.*99.*Upgrade"):
        open_store(store.home)


def test_the_schema_version_is_stored_in_the_data_home(tmp_path):
    store = open_store(tmp_path / "home")
    assert (store.home / "careernb.csv").read_text() == "key,value\nschema_version,1\n"
    assert store.schema_version == 1


def test_when_one_answer_is_saved_then_only_that_persons_answers_file_is_rewritten(demo):
    files = {p: p.stat().st_mtime_ns for p in demo.home.rglob("*.csv")}
    conv = demo.load(Conversation, "012")[0]
    demo.save(Answer("012", conv.conversation_id, "now.draining", "the rota"))
    changed = [p for p in demo.home.rglob("*.csv") if files.get(p) != p.stat().st_mtime_ns]
    assert changed == [demo.home / "people" / "012" / "answers.csv"]


def test_an_empty_home_is_empty_and_a_seeded_one_is_not(tmp_path, demo):
    assert is_empty(tmp_path / "nothing-here")
    assert is_empty(open_store(tmp_path / "fresh").home)
    assert not is_empty(demo.home)


@pytest.mark.parametrize(
    "damage",
    [
        lambda home: (home / "people.csv").unlink(),  # lost: the people's folders are still there
        lambda home: (home / "people.csv").write_text("person_id,name,manager_id,role,email\n"),
        lambda home: (home / "people.csv").write_bytes(b"\xff\xfe damaged"),
        lambda home: (home / "people.csv").write_bytes(
            (home / "people.csv").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        ),
    ],
    ids=["people.csv lost", "people.csv of its header alone", "people.csv damaged", "lines ending in CR"],
)
def test_a_home_whose_people_are_lost_but_whose_notes_are_there_is_not_empty(demo, damage):
    damage(demo.home)
    assert not is_empty(demo.home)


def test_a_people_csv_whose_lines_end_in_a_lone_cr_names_its_people(tmp_path):
    store = open_store(tmp_path / "home")
    store.save(Person("ada", "Ada"), Person("007", "Tomás", "ada"))
    people = store.home / "people.csv"
    people.write_bytes(people.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert [p.person_id for p in open_store(store.home, create=False).load(Person)] == ["ada", "007"]
    assert not is_empty(store.home)


def test_what_a_file_browser_leaves_in_a_new_home_keeps_it_empty(tmp_path):
    home = open_store(tmp_path / "home").home
    (home / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (home / "people").mkdir()
    (home / "people" / "Thumbs.db").write_bytes(b"\xd0\xcf")
    assert is_empty(home)


def test_any_file_a_new_home_would_not_hold_makes_it_not_empty(tmp_path):
    for kept in ("keys.json", "outbox/007.eml", "questions.csv", "people/007/answers.csv"):
        home = open_store(tmp_path / kept.replace("/", "-")).home
        (home / kept).parent.mkdir(parents=True, exist_ok=True)
        (home / kept).write_text("x")
        assert not is_empty(home), kept


def test_when_another_process_changed_a_file_then_the_next_load_sees_it(tmp_path):
    store = open_store(tmp_path / "home")
    store.save(Person("ada", "Ada"))
    other = CsvStore(store.home, TABLES)
    other.save(Person("007", "Tomás", "ada"))
    assert store.person_ids() == ["ada", "007"]


def test_every_private_column_in_a_shared_table_has_an_empty_default():
    """Redaction resets private cells to their default; a required private cell would leak or crash."""
    for record in TABLES:
        table = table_of(record)
        shared = [c for c in table.columns if c.privacy is not Privacy.PRIVATE]
        private_required = [c.name for c in table.columns if c.privacy is Privacy.PRIVATE and c.required]
        if shared and private_required:
            pytest.fail(f"{table.name}: private required columns {private_required}")
        for col in table.columns:
            if col.privacy is Privacy.PRIVATE and not col.required:
                assert col.default in ("", None, False, 0), (table.name, col.name)


def test_docs_data_md_is_current():
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "data.md"
    assert doc.read_text(encoding="utf-8") == markdown(TABLES), (
        "docs/data.md is out of date: python -m careernb.documents.data_doc > docs/data.md"
    )

"""The quarter on an organisation's database through the command line, as each real login: a
manager renders their own team into their own owner-only folder and publishes its counts; the
batch writes the organisation view from what was published, and nothing per person."""

from __future__ import annotations

import html
import stat
from pathlib import Path

import pytest

from careernb.cli import main
from careernb.demo import seed_demo
from careernb.documents import organisation_view, team_view
from careernb.domain.cadence import quarter_bounds
from careernb.domain.contract import Contract, latest_agreed
from careernb.domain.people import Person, default_manager, team_of
from careernb.home import open_store
from careernb.ownership.sharing import team_frames
from careernb.quarter import published
from careernb.store import Privacy
from careernb.store.sql import engine_for
from tests.canaries import plant
from tests.conftest import TODAY

QUARTER = "2026Q4"
ENDED = "2026Q3"
"""Ended: its figures, published now, are final, and the batch counts them in its distributions."""


@pytest.fixture
def alice(pg_org, tmp_path):
    """The demo team as alice's, every cell of every class carrying a canary; bob with no report."""
    store = open_store(tmp_path / "alice-home")
    seed_demo(store, TODAY)
    top = default_manager(store.load(Person)).person_id
    planted = []
    for p in team_of(store.load(Person), top, include_left=True):
        planted += plant(store, p.person_id, p.person_id, {Privacy.PRIVATE, Privacy.PERSON, Privacy.TEAM})
    names = [p.name for p in team_of(store.load(Person), top, include_left=True)]
    assert main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin]) == 0
    assert main(["org", "add-manager", "bob", "--person", "m-bob", "--name", "Bob Stone",
                 "--store", pg_org.admin]) == 0  # fmt: skip
    assert main(["org", "import-home", str(tmp_path / "alice-home"), "--role", "alice",
                 "--store", pg_org.admin]) == 0  # fmt: skip
    return store, planted, names


def _loose(root: Path) -> list[str]:
    return [
        f"{p} {stat.S_IMODE(p.stat().st_mode):o}"
        for p in [root, *root.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]


def _quarterly(url: str, *more: str, quarter: str = QUARTER) -> int:
    return main(["quarterly", "--store", url, "--quarter", quarter, *more])


def test_a_managers_quarter_renders_their_team_into_an_owner_only_folder_and_publishes_its_counts(
    alice, pg_org, tmp_path, capsys, open_umask
):
    home, _, _ = alice
    out = tmp_path / "made" / "by-careernb"
    assert _quarterly(pg_org.url("alice"), "--out", str(out)) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert f"Published your team's practice figures for {QUARTER}" in printed
    assert _loose(tmp_path / "made") == []
    folder = out / QUARTER
    reports = team_of(home.load(Person), "ada")
    agreed = {p.person_id for p in reports if latest_agreed(home.load(Contract, p.person_id))}
    assert {p.stem for p in (folder / "contracts").iterdir()} == agreed and len(agreed) == 7
    assert (folder / "team-ada.html").is_file() and (folder / "index.html").is_file()

    # What was published is what the same figure functions count in the data home it came from.
    engine = engine_for(pg_org.url("alice"))
    try:
        mine = published.own(engine, QUARTER)
    finally:
        engine.dispose()
    team = [p.person_id for p in reports]
    as_of = mine.figures.as_of
    assert as_of == min(as_of.today(), quarter_bounds(QUARTER)[1])
    frames = team_frames(home, team, organisation_view.NEEDS)
    shown = team_view.context(frames, team, QUARTER, as_of)
    failures = organisation_view.failures_of(home, team, as_of)
    assert mine.figures == organisation_view.figures_of(QUARTER, as_of, frames, team, shown, failures)


def test_the_organisation_view_as_the_batch_holds_no_report_and_no_word_they_said(
    alice, pg_org, tmp_path, capsys, open_umask
):
    _, planted, names = alice
    assert _quarterly(pg_org.url("alice"), "--out", str(tmp_path / "alice"), quarter=ENDED) == 0
    out = tmp_path / "hr"
    for folder in (out, out / ENDED):  # an administrator's folders, made loose
        folder.mkdir()
        folder.chmod(0o755)
    assert _quarterly(pg_org.url("careernb_batch"), "--out", str(out), quarter=ENDED) == 0, (
        capsys.readouterr().err
    )
    assert "not yet run: bob" in capsys.readouterr().out
    assert [str(p.relative_to(out)) for p in out.rglob("*")] == [ENDED, f"{ENDED}/organisation.html"]
    assert _loose(out / ENDED) == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # --out itself is theirs: left as it was
    view = (out / ENDED / "organisation.html").read_text(encoding="utf-8")
    assert "Ada Okafor (alice)" in view and "Not yet run: Bob Stone's quarter" in view
    assert "Where people want to go, across the organisation" in view and 'role="img"' in view
    assert planted and [c for c in planted if c in view] == []
    assert names and [n for n in names if n in view] == []

    # bob's quarter, with no report yet, publishes his zeros: he is no longer "not yet run"
    assert _quarterly(pg_org.url("bob"), "--out", str(tmp_path / "bob"), quarter=ENDED) == 0
    assert _quarterly(pg_org.url("careernb_batch"), "--out", str(out), quarter=ENDED) == 0
    view = (out / ENDED / "organisation.html").read_text(encoding="utf-8")
    assert "Not yet run" not in view and "Bob Stone (bob)" in view


def test_a_team_under_the_minimum_size_is_told_and_the_batch_sees_its_managers_practice_alone(
    alice, pg_org, tmp_path, capsys, monkeypatch
):
    """alice's team of 8 under a minimum of 9: she is told before and after the run what stays
    with her, and the organisation view holds her practice with no figure of her reports' own."""
    from careernb.views.pages.quarter.view import QuarterPanel

    owner = engine_for(pg_org.admin, as_owner=True)
    published.set_min_group_size(owner, 9)
    owner.dispose()
    monkeypatch.setenv("HOME", str(tmp_path / "alice-unix-home"))
    page = html.unescape(QuarterPanel(pg_org.store("alice"), TODAY).page.value)
    assert "your team is smaller, so it is counted in none, and the organisation does not see your " \
        "reports' commitments kept on time or their goals that changed" in page  # fmt: skip
    assert _quarterly(pg_org.url("alice"), "--out", str(tmp_path / "alice")) == 0
    assert "(these two stay with you: the organisation sees them only for a team of at least 9 people)" in (
        capsys.readouterr().out
    )
    assert _quarterly(pg_org.url("careernb_batch"), "--out", str(tmp_path / "hr")) == 0
    view = (tmp_path / "hr" / QUARTER / "organisation.html").read_text(encoding="utf-8")
    row = view[view.index("Ada Okafor (alice)") :].split("</tr>")[0]
    assert row.count(">team under 9</td>") == 2 and "of 8 (" in row


def test_a_managers_quarter_goes_to_careernb_reports_in_their_own_home_by_default(
    alice, pg_org, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path / "alice-unix-home"))
    assert _quarterly(pg_org.url("alice")) == 0
    folder = tmp_path / "alice-unix-home" / "careernb-reports" / QUARTER
    assert (folder / "index.html").is_file()
    assert _loose(tmp_path / "alice-unix-home") == []


@pytest.mark.parametrize(
    ("role", "more", "said"),
    [
        ("alice", ["--manager", "019"], "each manager runs their own quarter"),
        ("careernb_batch", ["--manager", "ada"], "each manager runs their own quarter"),
        ("careernb_batch", [], "needs --out DIR"),
    ],
)
def test_what_a_role_cannot_ask_of_the_quarter_is_said_and_nothing_is_written(
    alice, pg_org, tmp_path, capsys, monkeypatch, role, more, said
):
    monkeypatch.setenv("HOME", str(tmp_path / "unix-home"))
    assert _quarterly(pg_org.url(role), *more) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "unix-home").exists()


def test_the_administrator_sets_the_minimum_group_size_never_below_3(pg_org, capsys):
    assert main(["org", "min-group-size", "--store", pg_org.admin]) == 0
    assert "at least 5 people" in capsys.readouterr().out
    assert main(["org", "min-group-size", "2", "--store", pg_org.admin]) == 2
    assert "2 is too small a group" in capsys.readouterr().err
    assert main(["org", "min-group-size", "8", "--store", pg_org.admin]) == 0
    assert main(["org", "min-group-size", "--store", pg_org.admin]) == 0
    assert "at least 8 people" in capsys.readouterr().out


def test_the_batchs_quarter_from_python_needs_a_folder_and_a_managers_does_not(
    alice, pg_org, monkeypatch, tmp_path
):
    from careernb.errors import CareernbError
    from careernb.quarter import run_anywhere

    monkeypatch.setenv("HOME", str(tmp_path / "unix-home"))
    with pytest.raises(CareernbError, match="folder to write to"):
        run_anywhere(pg_org.url("careernb_batch"), QUARTER)
    mine = run_anywhere(pg_org.url("alice"), QUARTER)
    assert mine.folder == tmp_path / "unix-home" / "careernb-reports" / QUARTER
    assert mine.publication is not None and mine.publication.figures.reports == 8
    monkeypatch.setenv("CAREERNB_STORE", pg_org.url("careernb_batch"))
    seen = run_anywhere(None, QUARTER, out=tmp_path / "hr")
    assert [m.role for m in seen.organisation.published] == ["alice"] and seen.view.is_file()


def test_the_quarter_page_shows_a_manager_what_their_organisation_has_before_and_after_the_run(
    alice, pg_org, tmp_path, monkeypatch
):
    from careernb.views.pages.quarter.view import QuarterPanel

    monkeypatch.setenv("HOME", str(tmp_path / "alice-unix-home"))
    panel = QuarterPanel(pg_org.store("alice"), TODAY)
    assert panel.errors.value == ""
    assert "no figures of your team for 2026Q4 yet" in panel.page.value
    assert "teams of at least 5 people" in panel.page.value
    assert not (tmp_path / "alice-unix-home").exists()
    panel.run_button.click()
    assert panel.errors.value == ""
    page = panel.page.value
    assert "Published to your organisation on" in page and "7 contracts and 1 team view" in page
    engine = engine_for(pg_org.url("alice"))
    try:
        mine = published.own(engine, QUARTER).figures
    finally:
        engine.dispose()
    shown = page[page.index("Your organisation has these figures") :]
    assert "<td style=" in shown and f">{mine.with_conversation}</td>" in shown
    assert f">{mine.manager_kept}</td>" in shown and f">{mine.goals_changed}</td>" in shown
    assert (tmp_path / "alice-unix-home" / "careernb-reports" / QUARTER / "team-ada.html").is_file()


def test_a_team_that_changed_while_the_quarter_ran_is_refused_in_words_and_nothing_is_published(
    alice, pg_org, monkeypatch, tmp_path, capsys
):
    import dataclasses

    from careernb.quarter import manager

    real = published.publish

    def one_more(engine, figures):  # what the database counts if a report joined meanwhile
        return real(engine, dataclasses.replace(figures, people=figures.people + 1))

    monkeypatch.setattr(manager.published, "publish", one_more)
    assert _quarterly(pg_org.url("alice"), "--out", str(tmp_path / "alice")) == 2
    said = capsys.readouterr().err
    assert "refused the figures (your team has 8 people now, not 9: run the quarter again)" in said
    assert "Traceback" not in said
    engine = engine_for(pg_org.url("alice"))
    try:
        assert published.own(engine, QUARTER).figures is None
    finally:
        engine.dispose()


def test_a_database_without_the_quarters_functions_says_how_to_upgrade_it(alice, pg_org, tmp_path, capsys):
    from tests.pg.fixtures import run_sql

    run_sql(pg_org.admin, "DROP FUNCTION careernb.quarter_practice(text)")
    assert _quarterly(pg_org.url("careernb_batch"), "--out", str(tmp_path / "hr")) == 2
    said = capsys.readouterr().err
    assert "has no quarter figures yet" in said and "careernb org migrate" in said


def test_a_quarter_run_again_once_it_has_ended_keeps_the_final_figures_and_says_so(
    alice, pg_org, tmp_path, monkeypatch, capsys
):
    """The first run after the quarter ended published final figures; a second, after a change,
    publishes nothing and tells the manager what the organisation keeps, on the page and the CLI."""
    from careernb.views.pages.quarter.view import QuarterPanel

    monkeypatch.setenv("HOME", str(tmp_path / "alice-unix-home"))
    panel = QuarterPanel(pg_org.store("alice"), TODAY)
    panel.quarter.value = ENDED
    panel.run_button.click()
    assert panel.errors.value == ""
    assert (
        "They are final: the quarter has ended, and a later run leaves them as they are." in panel.page.value
    )
    first = _read_own(pg_org.url("alice"))
    assert _quarterly(pg_org.url("alice"), "--out", str(tmp_path / "again"), quarter=ENDED) == 0
    said = capsys.readouterr().out
    assert f"The organisation keeps the practice figures your team published for {ENDED} on" in said
    assert "this run published nothing" in said
    panel.run_button.click()
    assert "Nothing was published: your organisation keeps the final figures" in panel.page.value
    assert _read_own(pg_org.url("alice")) == first
    assert (tmp_path / "again" / ENDED / "index.html").is_file()  # the documents are still rendered


def _read_own(url: str):
    engine = engine_for(url)
    try:
        mine = published.own(engine, ENDED)
    finally:
        engine.dispose()
    return mine.figures, mine.published

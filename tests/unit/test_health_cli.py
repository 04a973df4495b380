"""``careernb health``: the five failures from a terminal."""

from careernb.cli import main


def test_when_health_is_run_on_the_demo_then_each_failure_names_its_person(demo, capsys):
    assert main(["health", "--home", str(demo.home), "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    for title, name in [
        ("Failure 1 - Deferring until later", "Priya Raman"),
        ("Failure 2 - Conflating it with a 1:1 or review", "Elif Yılmaz"),
        ("Failure 3 - Talking about the organisation's needs instead of theirs", "Tomás Herrera"),
        ("Failure 4 - Making promises you cannot keep", "Kwame Mensah"),
        ("Failure 5 - The conversation that goes nowhere", "Jonas Berg"),
    ]:
        block = out[out.index(title) :].split("\nFailure ")[0]
        assert f"  - {name}:" in block and "What to do instead:" in block


def test_when_strict_and_failures_found_then_the_exit_status_says_so(demo):
    assert main(["health", "--home", str(demo.home), "--today", "2026-11-26", "--strict"]) == 1


def test_when_the_home_is_missing_then_a_clear_error(tmp_path, capsys):
    assert main(["health", "--home", str(tmp_path / "nowhere")]) == 2
    assert "there is no data home here" in capsys.readouterr().err


def test_when_the_follow_through_tables_are_written_then_careernb_check_still_passes(demo, capsys):
    import datetime as dt

    from careernb.domain import current
    from careernb.domain.self_test import Guess
    from careernb.domain.signals import SignalKind
    from careernb.follow_through import check_in, review

    today = dt.date(2026, 11, 26)
    current.choose(demo, "040")
    demo.save(Guess("g-1", "040", today, "Staff engineer"))
    review.record(
        demo, "040", [review.Decision("k0029", review.Outcome.DONE)], whats_changed="x", today=today
    )
    check_in.log(demo, "007", note="y", kinds=[SignalKind.UNCERTAIN], today=today)
    assert main(["check", "--home", str(demo.home)]) == 0
    assert "OK:" in capsys.readouterr().out
    assert {"current.csv", "self_test.csv"} <= {p.name for p in demo.check()}

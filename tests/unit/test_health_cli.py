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

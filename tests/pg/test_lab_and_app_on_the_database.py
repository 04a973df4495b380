"""`careernb lab` and `careernb app` on an organisation's database: their kernels are given the
database that `--store` (or `$CAREERNB_STORE`) names and nothing else, a `--home` wins over the
shell's `$CAREERNB_STORE`, and a database out of reach is said before any server starts."""

from __future__ import annotations

import os

import pytest

from careernb.cli import main
from careernb.home import ENV, STORE_ENV
from careernb.views.kit.address import APP_ENV


@pytest.fixture
def started(monkeypatch) -> list[dict[str, str | None]]:
    """What each server would have started with: its kernels' store and data home, never started."""
    import careernb.cli.app as app
    from careernb.cli.app_server import CareernbApp

    seen: list[dict[str, str | None]] = []

    def record(env) -> None:
        seen.append({"store": env.get(STORE_ENV), "home": env.get(ENV)})

    monkeypatch.setattr(app.os, "execvpe", lambda path, argv, env: record(env))
    monkeypatch.setattr(CareernbApp, "launch_instance", classmethod(lambda cls, argv: record(os.environ)))
    for name in (ENV, STORE_ENV, APP_ENV):  # the app sets them in this process: restored after
        monkeypatch.setenv(name, "")  # recorded, so that teardown also removes what the app sets
        monkeypatch.delenv(name)
    return seen


@pytest.mark.parametrize("command", ["lab", "app"])
@pytest.mark.parametrize(
    ("argv", "shell_store", "on_the_database"),
    [
        (["--store", "{url}"], False, True),
        ([], True, True),
        (["--home", "{home}"], True, False),
        (["--home", "{home}"], False, False),
    ],
    ids=["--store", "$CAREERNB_STORE", "--home over $CAREERNB_STORE", "--home"],
)
def test_the_kernels_open_the_store_the_command_names_and_say_which(
    command, argv, shell_store, on_the_database, pg_org, started, tmp_path, monkeypatch, capsys
):
    url = pg_org.add_manager("alice", "m-alice", "Alice")
    home = tmp_path / "home"
    if shell_store:
        monkeypatch.setenv(STORE_ENV, url)
    args = [command, *(a.format(url=url, home=home) for a in argv), "--notebooks", "notebooks"]
    assert main([*args, "--no-browser"] if command == "app" else args) == 0
    said = capsys.readouterr().out
    if on_the_database:
        assert started == [{"store": url, "home": started[0]["home"]}]
        assert f"with the database {url}" in said
        assert not home.exists()  # no demo team seeded anywhere
    else:
        assert started == [{"store": None, "home": str(home)}]
        assert f"with the data home {home}" in said


@pytest.mark.parametrize("command", ["lab", "app"])
def test_a_database_out_of_reach_is_said_before_any_server_starts(command, pg_org, started, capsys):
    nobody = pg_org.url("alice").replace(str(pg_org.cluster.socket), "/nonexistent")
    assert main([command, "--store", nobody, "--notebooks", "notebooks"]) == 2
    assert "could not connect as 'alice'" in capsys.readouterr().err
    assert started == []

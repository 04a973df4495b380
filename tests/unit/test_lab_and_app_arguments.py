"""`careernb lab` passes what it does not know on to JupyterLab, in order, and starts it asking
nothing of the internet; `careernb app` keeps kernels ready for its pages unless told not to."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from careernb.app import LAB_SETTINGS
from careernb.cli import app_kernels, parser
from careernb.cli.app import lab_argv
from careernb.cli.app_server import READY_KERNELS, argv_for, with_token


@pytest.mark.parametrize(
    ("argv", "home", "passed_on"),
    [
        (["lab"], None, []),
        (["lab", "--no-browser", "--port", "8890"], None, ["--no-browser", "--port", "8890"]),
        (["lab", "--no-browser", "--home", "H", "--port=8890"], "H", ["--no-browser", "--port=8890"]),
        (["lab", "--home", "H", "--", "--notebooks", "x"], "H", ["--notebooks", "x"]),
        (["lab", "--no", "--ServerApp.ip=127.0.0.1"], None, ["--no", "--ServerApp.ip=127.0.0.1"]),
    ],
)
def test_careernb_lab_passes_every_argument_it_does_not_know_on_in_order(argv, home, passed_on):
    args = parser().parse_args(argv)
    assert args.home == home
    assert args.jupyter_args == passed_on


def test_other_commands_still_refuse_an_argument_they_do_not_know(capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(["check", "--port", "8890"])
    assert "unrecognized arguments: --port 8890" in capsys.readouterr().err


def test_jupyterlab_starts_without_news_or_update_check_and_the_managers_arguments_win():
    argv = lab_argv("jupyter", Path("/n"), ["--LabApp.news_url=https://example.org/feed"])
    assert argv[:3] == ["jupyter", "lab", "--ServerApp.root_dir=/n"]
    assert "--LabApp.news_url=None" in argv
    assert "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate" in argv
    assert argv.index("--LabApp.news_url=https://example.org/feed") > argv.index("--LabApp.news_url=None")
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }


@pytest.mark.parametrize(("ready", "preheated"), [(1, True), (2, True), (0, False), (READY_KERNELS, False)])
def test_the_app_preheats_kernels_only_when_some_are_asked_for(ready, preheated):
    argv = argv_for(Path("/n"), 8866, open_browser=False, ready_kernels=ready, token="t")
    assert ("--VoilaConfiguration.preheat_kernel=True" in argv) is preheated
    # its pools are built on careernb's kernel manager, which never hands out a kernel that died
    pooled = f"--VoilaConfiguration.multi_kernel_manager_class={app_kernels.NAME}"
    assert (pooled in argv) is preheated
    if preheated:
        kernels = importlib.import_module(app_kernels.NAME.rpartition(".")[0])
        assert getattr(kernels, app_kernels.NAME.rpartition(".")[2]) is app_kernels.ReadyKernels


def test_a_negative_number_of_ready_kernels_is_refused(capsys):
    from careernb.cli import main

    assert main(["app", "--ready-kernels", "-1", "--no-browser"]) == 2
    assert "--ready-kernels -1" in capsys.readouterr().err


def test_the_app_asks_every_page_for_a_token_and_will_not_start_without_one():
    # 127.0.0.1 is open to every account on the machine: a page without the token is a login.
    assert "--Voila.token=s3cret" in argv_for(Path("/n"), 8866, open_browser=False, token="s3cret")
    with pytest.raises(ValueError, match="token"):
        argv_for(Path("/n"), 8866, open_browser=False, token="")


@pytest.mark.parametrize(
    ("url", "token", "opened"),
    [
        ("http://127.0.0.1:8866/team", "abc", "http://127.0.0.1:8866/team?token=abc"),
        (
            "http://127.0.0.1:8866/prepare?person=007",
            "a b",
            "http://127.0.0.1:8866/prepare?person=007&token=a%20b",
        ),
    ],
)
def test_the_browser_opens_the_app_with_its_token(url, token, opened):
    assert with_token(url, token) == opened

"""The dashboard in a real JupyterLab: its buttons open the right notebook on the right person."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
]
NOTEBOOKS = ["00-team-dashboard.ipynb", "05-monthly-review.ipynb", "06-informal-check-in.ipynb"]


def _need_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CAREERNB_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; run `make browser`")
        pytest.skip(f"{CHROMIUM} is missing; run `make browser`")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab on a copy of the notebooks, with its own demo data home."""
    _need_browser()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, root / name)
    home = base / "home"
    subprocess.run(
        [sys.executable, "-m", "careernb", "demo", "--home", str(home)], check=True, capture_output=True
    )
    env = dict(os.environ, CAREERNB_HOME=str(home))
    for var in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
    ):
        (base / var).mkdir()
        env[var] = str(base / var)
    settings = base / "JUPYTERLAB_SETTINGS_DIR" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    (settings / "docmanager-extension").mkdir(parents=True)
    (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--IdentityProvider.token=",
            "--ServerApp.port_retries=0",
            "--allow-root",
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/api/status", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url, home
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def run_notebook(page, url: str, name: str, ready: str) -> None:
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content:has-text('show(')", timeout=60_000)
    page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(ready, timeout=60_000)


def test_when_review_clicked_for_tomas_then_the_review_opens_on_tomas(lab, browser):
    url, home = lab
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    run_notebook(page, url, "00-team-dashboard.ipynb", ".careernb-dashboard-grid")
    first = page.locator(".careernb-cell.careernb-needs").first
    assert "urgent signal" in first.inner_text()
    page.locator("button.careernb-open-review.careernb-row-007").click()
    # The link appears, and JupyterLab opens the notebook in a new tab.
    page.wait_for_selector("a.careernb-open-link:has-text('05-monthly-review.ipynb')", timeout=30_000)
    page.wait_for_function(
        "[...window.jupyterapp.shell.widgets('main')].some(w => w.title.label === '05-monthly-review.ipynb')",
        timeout=30_000,
    )
    page.wait_for_selector(".jp-Notebook .cm-content:has-text('views.review')", timeout=60_000)
    page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    picker = page.locator(".careernb-review .careernb-person select")
    picker.wait_for(timeout=60_000)
    assert (
        picker.evaluate("s => s.options[s.selectedIndex].text")
        .replace("\xa0", " ")
        .startswith("Tomás Herrera")
    )
    assert (home / "current.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[1] == "007"
    page.close()

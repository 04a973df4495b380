"""A real JupyterLab (or Voilà) server and Debian's chromium, driven by Playwright.

One server per test module, on 127.0.0.1 and a free port, isolated from the
user's Jupyter settings, with its own demo data home. Each test leaves a
screenshot in test-artifacts/e2e/. Without chromium the tests are skipped,
except in CI (CAREERNB_REQUIRE_BROWSER=1), where that is a failure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from careernb import open_store
from careernb.demo import seed_demo

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
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


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _need_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed (make browser installs it)"
    if os.environ.get("CAREERNB_REQUIRE_BROWSER"):
        pytest.fail(message + "; CI requires the browser tests to run")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        # HTTPException: on a busy machine another process may answer on the port for a moment.
        with (
            contextlib.suppress(OSError, http.client.HTTPException),
            urllib.request.urlopen(url, timeout=2) as r,
        ):
            if r.status == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


APP_CONTROL = ".careernb-app-page > .careernb-nav ~ * :is(button, select, input, textarea)"
"""The controls of an app page's panel (below its navigation bar): the first one shown is the
page answering."""


def app_address(page, person_id: str) -> str:
    """``page``'s address in the app for ``person_id`` (the team pages show everyone)."""
    return page.address + (f"?person={person_id}" if page.for_person else "")


def days_since(start: dt.date) -> set[dt.date]:
    """Every day from ``start`` to today: what a page on the computer's clock may record as its
    day, when the run crossed midnight after ``start`` was read (the suite takes half an hour)."""
    return {start + dt.timedelta(days=n) for n in range((dt.date.today() - start).days + 1)}


def open_app_page(tab, server: Server, address: str, timeout: float = 180_000) -> None:
    """Open an address of the app and wait until its panel shows a control."""
    tab.goto(f"{server.url}/{address}", wait_until="domcontentloaded", timeout=timeout)
    tab.locator(APP_CONTROL).first.wait_for(timeout=timeout)


@dataclass
class Server:
    url: str
    home: Path
    root: Path
    proc: subprocess.Popen
    log: Path


# Kept in the environment: pytest may import this file twice, under two module names.
APP_TOKEN = os.environ.setdefault("CAREERNB_TESTS_APP_TOKEN", secrets.token_urlsafe(16))
"""What `careernb app` asks of every browser in these tests (Jupyter's JUPYTER_TOKEN gives it)."""
APP_LOGIN = {"Authorization": f"token {APP_TOKEN}"}
"""Sent by every browser context here; JupyterLab, started with no token, takes no notice."""


class _LoggedIn:
    """The session's chromium, whose every context carries the app's token."""

    def __init__(self, chromium) -> None:
        self._chromium = chromium

    def new_context(self, **options):
        return self._chromium.new_context(extra_http_headers=APP_LOGIN, **options)

    def __getattr__(self, name: str):
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
def browser(browser):
    return _LoggedIn(browser)


def _isolated_env(base: Path, home: Path, *, quiet_lab: bool = True) -> dict[str, str]:
    """Jupyter's folders in ``base``; ``quiet_lab``: a user's settings that turn off JupyterLab's
    news and autosave (left out to see what ``careernb lab`` does on its own)."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(base / name.lower())
    settings = base / "lab-settings"
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    settings.mkdir(parents=True, exist_ok=True)
    env["CAREERNB_HOME"] = str(home)
    env["JUPYTER_TOKEN"] = APP_TOKEN
    if not quiet_lab:
        return env
    for plugin, value in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }.items():
        path = settings / plugin
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    return env


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


DOCUMENTS_DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """Every document careernb renders for a person or HR to read, from the demo team, as files:
    the contract, its mail, the person's copy, the quick reference, the team view, the quarter's index
    and the organisation view."""
    from careernb.documents import quick_reference, team_view
    from careernb.documents.contract import contract_html
    from careernb.documents.outgoing import preview
    from careernb.documents.person_copy import export_person
    from careernb.quarter import run_quarter

    base = tmp_path_factory.mktemp("documents")
    store = open_store(base / "home")
    seed_demo(store, DOCUMENTS_DAY)
    out = base / "out"
    out.mkdir()
    contract = out / "contract.html"
    contract.write_text(contract_html(store, "007"), encoding="utf-8")
    mail = out / "mail.html"  # the mail as the person reads it: the contract in the manager's letter
    now = dt.datetime.combine(DOCUMENTS_DAY, dt.time(15), tzinfo=dt.UTC)
    mail.write_text(preview(store, "012", now=now).mail_html, encoding="utf-8")
    team = out / "team.html"
    team.write_text(team_view.render(store, "2026Q4", today=DOCUMENTS_DAY), encoding="utf-8")
    (copy,) = [
        p for p in export_person(store, "019", out / "copy", today=DOCUMENTS_DAY) if p.suffix == ".html"
    ]
    reference = quick_reference.write(store, out / "questions.html", printed=DOCUMENTS_DAY)
    quarter = run_quarter(store.home, "2026Q4", out=out / "quarter", today=DOCUMENTS_DAY)
    return {
        "contract": contract,
        "mail": mail,
        "person's copy": copy,
        "quick reference": reference,
        "team view": team,
        "quarter index": quarter.index,
        **_organisation_views(store, out),
    }


def _organisation_views(store, out: Path) -> dict[str, Path]:
    """The organisation view as the batch writes it: the demo team's published figures beside a
    small team's and a manager not yet run; and with every distribution held back."""
    from careernb.documents import organisation_view, team_view
    from careernb.documents.organisation_view import ManagerPractice, OrganisationFigures
    from careernb.domain.people import Person, team_of
    from careernb.follow_through import figures
    from careernb.ownership.sharing import team_frames
    from tests.practice import FINAL, SO_FAR, counted

    team = [p.person_id for p in team_of(store.load(Person), "ada")]
    frames = team_frames(store, team, figures.NEEDS)
    shown = team_view.context(frames, team, "2026Q4", DOCUMENTS_DAY)
    failures = organisation_view.failures_of(store, team, DOCUMENTS_DAY)
    ada = organisation_view.figures_of("2026Q4", DOCUMENTS_DAY, frames, team, shown, failures)
    bob = dataclasses.replace(counted(3), person_kept=None, goals_changed=None)
    views = {}
    versions: dict[str, tuple[dt.datetime, dict]] = {  # the quarter ended (final figures), or so far
        "organisation view": (FINAL, ada.distributions),
        "organisation view, held back": (FINAL, {}),
        "organisation view, so far": (SO_FAR, {}),
    }
    for name, (published, distributions) in versions.items():
        # the quarter so far as the batch reads it: no team's reports' own figures (revision 0009)
        alice = ada if published == FINAL else dataclasses.replace(ada, person_kept=None, goals_changed=None)
        managers = [
            ManagerPractice("alice", "Ada Okafor", alice, published),
            # a small team as the batch reads it: no figure of its reports' own (revision 0007)
            ManagerPractice("bob", "Bram Visser", bob, published),
            ManagerPractice("chen", "Chen Wu"),
        ]
        path = out / f"{name}.html"
        path.write_text(
            organisation_view.render(
                OrganisationFigures("2026Q4", managers, distributions, 5), DOCUMENTS_DAY
            ),
            encoding="utf-8",
        )
        views[name] = path
    return views


def seeded_home(base: Path) -> Path:
    home = base / "careernb-home"
    seed_demo(open_store(home), dt.date.today())
    return home


@contextlib.contextmanager
def serving(
    base: Path, argv: Callable[[Path, Path, int], list[str]], ready: str, *, quiet_lab: bool = True
) -> Iterator[Server]:
    """A server on a copy of notebooks/ with a freshly seeded demo data home, in ``base``:
    ``argv(home, notebooks, port)`` starts it, and it is ready when ``ready`` answers 200."""
    _need_browser()
    home = seeded_home(base)
    root = base / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    port = free_port()
    log = base / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            argv(home, root, port),
            env=_isolated_env(base, home, quiet_lab=quiet_lab),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}{ready}", proc)
        yield Server(url, home, root, proc, log)
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Server]:
    """JupyterLab on a copy of notebooks/, with a freshly seeded demo data home."""
    argv = lambda home, root, port: [  # noqa: E731
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.port_retries=0",
        "--allow-root", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    with serving(tmp_path_factory.mktemp("lab"), argv, "/api/status") as server:
        yield server


@pytest.fixture(scope="module")
def careernb_lab(tmp_path_factory) -> Iterator[Server]:
    """`careernb lab` itself, with JupyterLab's own arguments passed on as a manager would, and
    no user setting of its own: what JupyterLab asks of the internet is what careernb lets it."""
    argv = lambda home, root, port: [  # noqa: E731
        sys.executable, "-m", "careernb", "lab", "--home", str(home), "--notebooks", str(root),
        "--no-browser", "--port", str(port), "--IdentityProvider.token=",
        "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    base = tmp_path_factory.mktemp("careernb-lab")
    with serving(base, argv, "/api/status", quiet_lab=False) as server:
        yield server


class Requests:
    """Every request the pages of a browser context make (WebSockets too), to tell those that
    leave the local server from those that do not."""

    def __init__(self, context, local: str | None = None) -> None:
        self.local = local  # scheme://host:port of the local server; None: files only
        self.urls: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def _watch(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def outside(self) -> list[str]:
        """The addresses asked of any other host than the local server."""
        import urllib.parse

        def local(url: str) -> bool:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("data", "blob", "about", "file", "chrome-error"):
                return not parts.netloc
            origin = f"{parts.scheme.replace('ws', 'http', 1)}://{parts.netloc}"
            return self.local is not None and origin == self.local

        return sorted({u for u in self.urls if not local(u)})


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def axe_violations(page) -> list[dict]:
    """What axe-core finds wrong in the page as it stands: each rule broken, and where.

    axe-core comes from the axe-playwright-python package: nothing is fetched at run time."""
    from importlib.resources import files

    page.add_script_tag(content=(files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def snap(page, name: str) -> Path:
    """A screenshot of one step, kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_notebook(page, server: Server, name: str) -> None:
    """Open a notebook, wait until its kernel is idle, run all cells."""
    page.goto(f"{server.url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
    # A code cell's editor: a notebook that opens with markdown shows that cell rendered.
    page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell .cm-content", timeout=60_000)
    # JupyterLab sometimes asks for the kernel even when the notebook names one.
    with contextlib.suppress(Exception):
        page.locator(".jp-Dialog button.jp-mod-accept", has_text="Select").click(timeout=3_000)
    wait_idle(page, name.split("/")[-1])
    run_all(page)


def wait_idle(page, name: str | None = None, timeout: float = 90_000) -> None:
    """Wait until the notebook in front (named ``name``, if given) has a kernel that is idle.

    Asked of JupyterLab itself: the toolbars of notebooks in other tabs read "Idle" too.
    """
    page.wait_for_function(
        """name => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const s = w && w.sessionContext;
            const kernel = s && s.session && s.session.kernel;
            return !!(kernel && s.isReady && kernel.status === 'idle'
                      && (!name || w.context.path.split('/').pop() === name));
        }""",
        arg=name,
        timeout=timeout,
    )


def run_all(page) -> None:
    """Run every cell of the notebook in front (fire and forget: awaiting it can hang)."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def notebook_for(server: Server, name: str, **parameters: object) -> str:
    """A copy of notebook ``name`` with ``parameters`` injected by papermill, as a manager
    would fill in the parameters cell; returns the copy's name, beside the original."""
    from papermill.iorw import load_notebook_node, write_ipynb
    from papermill.parameterize import parameterize_notebook

    copy = "-".join([name.removesuffix(".ipynb"), *map(str, parameters.values())]) + ".ipynb"
    notebook = parameterize_notebook(load_notebook_node(str(server.root / name)), parameters)
    write_ipynb(notebook, str(server.root / copy))
    return copy


class Saves:
    """Counts the visible saves of the panels on a page ("Saving…", then "Saved at 14:03:21").

    Typing, then waiting for the status line alone can see the previous save; so the
    page counts every change of a ``.careernb-save-status`` to "Saved at", and a test
    waits for one more than it had seen before it typed.
    """

    _WATCH = """() => {
        if (window.careernbSaves) return;
        const seen = new WeakMap();
        const state = window.careernbSaves = {saved: 0};
        const look = () => {
            for (const e of document.querySelectorAll('.careernb-save-status')) {
                const text = e.textContent;
                if (seen.get(e) === text) continue;
                seen.set(e, text);
                if (text.includes('Saved at')) state.saved += 1;
            }
        };
        new MutationObserver(look).observe(
            document.body, {subtree: true, childList: true, characterData: true});
        look();
    }"""

    def __init__(self, page) -> None:
        self.page = page
        page.evaluate(self._WATCH)

    @property
    def count(self) -> int:
        return self.page.evaluate("() => window.careernbSaves.saved")

    def wait_after(self, count: int, timeout: float = 60_000) -> None:
        """Wait for a save after the first ``count``, and nothing left pending."""
        try:
            self.page.wait_for_function(
                "n => window.careernbSaves.saved > n && ![...document.querySelectorAll("
                "'.careernb-save-status')].some(e => !e.textContent.includes('Saved at') && e.textContent)",
                arg=count,
                timeout=timeout,
            )
        except Exception as exc:
            shown = self.page.locator(".careernb-save-status, .careernb-errors").all_inner_texts()
            raise AssertionError(f"no save shown after save {count}; the page shows {shown}") from exc

    @contextlib.contextmanager
    def one(self, timeout: float = 60_000) -> Iterator[None]:
        """``with saves.one(): type...`` waits, on leaving, for the save of what was typed."""
        before = self.count
        yield
        self.wait_after(before, timeout)


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, request) -> Iterator[Server]:
    """`careernb app` (Voilà) serving every page, opened on the module's VOILA_NOTEBOOK page."""
    notebook = request.module.VOILA_NOTEBOOK
    ready = getattr(request.module, "READY_KERNELS", 0)  # a module may ask for kernels kept ready
    argv = lambda home, root, port: [  # noqa: E731
        sys.executable, "-m", "careernb", "app", notebook, "--home", str(home),
        "--notebooks", str(root), f"--port={port}", "--no-browser", f"--ready-kernels={ready}",
    ]  # fmt: skip
    with serving(tmp_path_factory.mktemp("voila"), argv, "/voila/static/voila.js") as server:
        yield server

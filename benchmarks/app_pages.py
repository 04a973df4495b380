"""How soon each page of ``careernb app`` shows its panel in chromium, and where the time goes.

    .venv/bin/python benchmarks/app_pages.py [--rounds 2] [--ready-kernels N] [--no-lab]

Every page of the app, for two people of the demo team (the team pages once per person),
in one browser context, as a manager's own browser would be: the first visit fills the
browser's cache and is not counted. Between two visits the benchmark waits 5 s, then until
the app's processes are quiet, as a manager reading a page gives it that time. Each figure is the
median, per page, of the time from the navigation's start to the moment the panel's first
control (a button, a menu, a text field) is on screen.

Then a JupyterLab notebook: the team dashboard opened on a new kernel, from Run All to the
panel's first control. Then the cost of the parts, each in a new process: a kernel's start,
the imports of a page, and building the panel from the data home (its first read).

``--ready-kernels N`` is passed on to ``careernb app`` (kernels kept started and run, waiting,
for each page; 0: a kernel starts at each visit).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PEOPLE = ("007", "012")  # Tomás Herrera and Priya Raman
PAGE_TARGET = 1.5  # s, per page, on 2 cores
LAB_TARGET = 3.0  # s, the JupyterLab dashboard's panel after Run All
DWELL = 5  # s on a page before the next: the kernel kept ready behind a visit starts meanwhile
LAB_CONTROL = ".jp-OutputArea-output .careernb-dashboard :is(button, select, input, textarea)"

# Records, in every page of the context, when the first control matching the selector is shown.
_FIRST_CONTROL = """
(() => {
  const selector = %r;
  const look = () => {
    if (window.careernbFirstControl !== undefined) return;
    for (const e of document.querySelectorAll(selector)) {
      if (e.checkVisibility()) { window.careernbFirstControl = performance.now(); return; }
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""
_TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {first: window.careernbFirstControl, response: n.responseStart,
          dom: n.domContentLoadedEventEnd, load: n.loadEventEnd};
}"""


@dataclass
class Visit:
    """One page shown: milliseconds from the navigation's start."""

    first_control: float
    response: float
    dom_loaded: float


@dataclass
class Figures:
    visits: dict[str, list[Visit]] = field(default_factory=dict)

    def add(self, address: str, visit: Visit) -> None:
        self.visits.setdefault(address, []).append(visit)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _quiet(root: psutil.Process, limit: float = 90.0) -> None:
    """Wait until the server and its kernels use under a tenth of a core, or ``limit`` s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        procs = [root, *root.children(recursive=True)]
        for p in procs:
            with contextlib.suppress(psutil.Error):
                p.cpu_percent(None)
        time.sleep(1.0)
        busy = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                busy += p.cpu_percent(None)
        if busy < 10:
            return


def _stop(proc: subprocess.Popen) -> None:
    from tests.e2e.conftest import _stop

    _stop(proc)


def _tab(p, control: str):
    """One chromium, one context (its cache kept across visits), one tab that records when
    ``control`` first shows."""
    from tests.e2e.conftest import APP_LOGIN, CHROMIUM, CHROMIUM_ARGS

    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, extra_http_headers=APP_LOGIN)
    context.add_init_script(_FIRST_CONTROL % control)
    page = context.new_page()
    page.set_default_timeout(180_000)
    return browser, page


def _start_app(base: Path, home: Path, ready_kernels: int | None) -> tuple[subprocess.Popen, str, Path]:
    from tests.e2e.conftest import _isolated_env, _wait_for, free_port

    port = free_port()
    log = base / f"app-{ready_kernels}.log"
    argv = [sys.executable, "-m", "careernb", "app", "--home", str(home), f"--port={port}", "--no-browser"]
    if ready_kernels is not None:
        argv.append(f"--ready-kernels={ready_kernels}")
    with open(log, "w") as out:
        proc = subprocess.Popen(argv, env=_isolated_env(base, home), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_for(f"{url}/voila/static/voila.js", proc)
    return proc, url, log


def _wait_for_pools(log: Path, pages: int, proc: subprocess.Popen, limit: float = 600) -> None:
    """Wait until Voilà says every page's pool of kernels is filled (with preheated kernels)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        filled = set(re.findall(r"Kernel pool of (\S+) is filled", log.read_text()))
        if len(filled) >= pages or proc.poll() is not None:
            return
        time.sleep(1)
    raise TimeoutError(f"the kernels of {pages} pages were not ready in {limit} s")


def measure_app(base: Path, home: Path, rounds: int, ready_kernels: int | None) -> Figures:
    from playwright.sync_api import sync_playwright

    from careernb.views.pages import PAGES
    from tests.e2e.conftest import APP_CONTROL, app_address

    proc, url, log = _start_app(base, home, ready_kernels)
    figures = Figures()
    try:
        if re.search(r"kernels? ready for each page", log.read_text()):
            _wait_for_pools(log, len(PAGES), proc)
        server = psutil.Process(proc.pid)
        _quiet(server)
        with sync_playwright() as p:
            browser, page = _tab(p, APP_CONTROL)
            # The first visit fills the browser's cache: not counted.
            page.goto(f"{url}/team")
            page.wait_for_function("() => window.careernbFirstControl !== undefined")
            for _ in range(rounds):
                for person in PEOPLE:
                    for target in PAGES:
                        address = app_address(target, person)
                        time.sleep(DWELL)
                        _quiet(server)
                        page.goto(f"{url}/{address}", wait_until="commit")
                        page.wait_for_function("() => window.careernbFirstControl !== undefined")
                        t = page.evaluate(_TIMING)
                        figures.add(target.address, Visit(t["first"], t["response"], t["dom"]))
            browser.close()
    finally:
        _stop(proc)
    return figures


def measure_lab(base: Path, home: Path, rounds: int) -> list[tuple[float, float]]:
    """(opening to an idle kernel, Run All to the panel's first control), in ms, per round."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import _isolated_env, _wait_for, free_port, wait_idle

    root = base / "notebooks"
    shutil.copytree(REPO / "notebooks", root, dirs_exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [
        sys.executable, "-m", "careernb", "lab", "--home", str(home), "--notebooks", str(root),
        "--no-browser", f"--port={port}", "--IdentityProvider.token=", "--ServerApp.port_retries=0",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    results = []
    with open(base / "lab.log", "w") as out:
        proc = subprocess.Popen(argv, env=_isolated_env(base, home), stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"{url}/api/status", proc)
        with sync_playwright() as p:
            browser, page = _tab(p, LAB_CONTROL)
            for i in range(rounds + 1):  # the first fills the browser's cache: not counted
                _quiet(psutil.Process(proc.pid))
                opened = time.monotonic()
                page.goto(f"{url}/lab/tree/00-team-dashboard.ipynb?reset", wait_until="commit")
                page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell .cm-content")
                wait_idle(page, "00-team-dashboard.ipynb")
                idle = (time.monotonic() - opened) * 1000
                page.evaluate(
                    "() => { window.careernbRunAll = performance.now(); "
                    "window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
                )
                page.wait_for_function("() => window.careernbFirstControl !== undefined")
                ran = page.evaluate("() => window.careernbFirstControl - window.careernbRunAll")
                if i:
                    results.append((idle, ran))
                # A new kernel for the next round, as when the manager opens the notebook again.
                page.evaluate(
                    "async () => { await window.jupyterapp.serviceManager.sessions.shutdownAll(); }"
                )
            browser.close()
    finally:
        _stop(proc)
    return results


# --- the parts, each measured in a new process --------------------------------------------


def _probe(address: str, home: str) -> None:
    """In this new process: import the page, then build its panel; prints both in ms."""
    started = time.perf_counter()
    from careernb.views.navigation import BY_ADDRESS, page

    page_ = BY_ADDRESS[address]
    __import__(page_.show.split(":")[0])
    imported = time.perf_counter()
    os.environ["CAREERNB_APP"] = "1"
    os.environ["QUERY_STRING"] = f"person={PEOPLE[0]}" if page_.for_person else ""
    page(address, home=home)
    built = time.perf_counter()
    print(f"{(imported - started) * 1000:.0f} {(built - imported) * 1000:.0f}")


def _kernel_start_ms() -> float:
    from jupyter_client.manager import start_new_kernel

    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120, stderr=subprocess.DEVNULL)
    ready = time.perf_counter()
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return (ready - started) * 1000


def measure_parts(home: Path, rounds: int) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """The median kernel start and ``python -c pass``, and per page (imports, panel built)."""
    from careernb.views.pages import PAGES

    kernel = _median([_kernel_start_ms() for _ in range(rounds)])
    bare = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append((time.perf_counter() - started) * 1000)
    parts = {}
    for target in PAGES:
        samples = []
        for _ in range(rounds):
            out = subprocess.run(
                [sys.executable, __file__, "--probe", target.address, str(home)],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            samples.append(tuple(float(x) for x in out.split()[-2:]))
        parts[target.address] = (_median([s[0] for s in samples]), _median([s[1] for s in samples]))
    return kernel, _median(bare), parts


def _report_app(figures: Figures, label: str) -> None:
    print(f"\nApp pages ({label}): median ms from the navigation's start")
    print(f"{'page':<15}{'first control':>14}{'target':>8}{'server answers':>16}{'page streamed':>15}  n")
    worst = 0.0
    for address, visits in figures.visits.items():
        first = _median([v.first_control for v in visits])
        worst = max(worst, first)
        response = _median([v.response for v in visits])
        dom = _median([v.dom_loaded for v in visits])
        ok = "ok" if first <= PAGE_TARGET * 1000 else "SLOW"
        print(f"{address:<15}{first:>14.0f}{ok:>8}{response:>16.0f}{dom:>15.0f}  {len(visits)}")
    every = [v.first_control for visits in figures.visits.values() for v in visits]
    print(
        f"all pages: median {_median(every):.0f} ms, slowest page's median {worst:.0f} ms "
        f"(target < {PAGE_TARGET * 1000:.0f} ms per page): {worst / (PAGE_TARGET * 1000):.2f}x the target"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="visits of each page for each person")
    parser.add_argument("--ready-kernels", type=int, default=None, help="passed on to careernb app")
    parser.add_argument("--no-lab", action="store_true", help="leave out JupyterLab")
    parser.add_argument("--no-parts", action="store_true", help="leave out the cost of the parts")
    parser.add_argument("--probe", nargs=2, metavar=("ADDRESS", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        _probe(*args.probe)
        return
    from careernb import open_store
    from careernb.demo import seed_demo

    print(
        f"chromium, one browser context (cache warm after the first visit, which is not counted); "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        home = base / "home"
        seed_demo(open_store(home), dt.date.today())
        started = time.monotonic()
        figures = measure_app(base, home, args.rounds, args.ready_kernels)
        label = (
            "as careernb app ships" if args.ready_kernels is None else f"--ready-kernels {args.ready_kernels}"
        )
        _report_app(figures, label)
        if not args.no_lab:
            lab = measure_lab(base, home, args.rounds)
            opened = _median([o for o, _ in lab])
            ran = _median([r for _, r in lab])
            ok = "ok" if ran <= LAB_TARGET * 1000 else "SLOW"
            print(
                "\nJupyterLab, 00-team-dashboard on a new kernel: "
                f"opening to an idle kernel {opened:.0f} ms; "
                f"Run All to the panel's first control {ran:.0f} ms (target < {LAB_TARGET * 1000:.0f}): "
                f"{ok}, n={len(lab)}"
            )
        if not args.no_parts:
            kernel, bare, parts = measure_parts(home, args.rounds + 1)
            print(f"\nThe parts, each in a new process (median of {args.rounds + 1}):")
            print(f"a kernel's start, to ready: {kernel:.0f} ms (python -c pass: {bare:.0f} ms)")
            print(f"{'page':<15}{'imports':>10}{'panel built (reads the store)':>31}")
            for address, (imports, built) in parts.items():
                print(f"{address:<15}{imports:>10.0f}{built:>31.0f}")
        print(f"\n(load average {os.getloadavg()[0]:.1f} at the end; {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()

"""Kernels and memory after twenty pages of the app in a row, with and without shutting
down the kernels of pages the manager has left.

    .venv/bin/python benchmarks/app_kernels.py [--pages 20]

"kept" is the app as Voilà leaves it (the shutdown request on leaving a page refused,
no culling); "shut down" is ``careernb app`` as it ships. Prints the kernels still running
and the memory they hold (resident set size, summed) once the pages have been visited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _serve(mode: str, port: int, home: str) -> None:
    """The app in this process; ``kept`` undoes what lets the kernels of left pages go."""
    from voila.tornado.handler import TornadoVoilaHandler

    from careernb.cli import app_server

    if mode == "kept":
        app_server.PageHandler.get = TornadoVoilaHandler.get  # no _xsrf cookie: shutdown refused
        app_server.CULL_IDLE_SECONDS = 0  # 0: never cull
    # No kernel kept ready: the kernels counted are those of the pages visited.
    app_server.serve(
        REPO / "notebooks",
        port,
        Path(home),
        open_browser=False,
        ready_kernels=0,
        token=os.environ["JUPYTER_TOKEN"],
    )


def _kernels(server: psutil.Process) -> list[psutil.Process]:
    return [c for c in server.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]


def _visit(mode: str, pages: int, home: Path) -> tuple[int, float, float]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import APP_LOGIN, CHROMIUM, CHROMIUM_ARGS, free_port

    port = free_port()
    log = open(home.parent / f"{mode}.log", "w")  # noqa: SIM115 - closed with the server
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", mode, str(port), str(home)],
        env={**os.environ, "JUPYTER_TOKEN": APP_LOGIN["Authorization"].removeprefix("token ")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = psutil.Process(proc.pid)
    url = f"http://127.0.0.1:{port}"
    try:
        from tests.e2e.conftest import _wait_for

        _wait_for(f"{url}/voila/static/voila.js", proc)
        from careernb.views.pages import PAGES

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(extra_http_headers=APP_LOGIN)
            page.set_default_timeout(300_000)
            page.goto(f"{url}/team")
            page.locator(".careernb-nav").wait_for()
            started = time.monotonic()
            for i in range(pages):
                target = PAGES[(i + 1) % len(PAGES)]
                page.locator(f".careernb-nav a.careernb-nav-{target.address}").click()
                page.wait_for_url(f"**/{target.address}**")
                page.locator(".careernb-nav").wait_for()
            seconds = time.monotonic() - started
            time.sleep(5)  # the last shutdown requests land
            kernels = _kernels(server)
            rss = sum(k.memory_info().rss for k in kernels) / 2**20
            browser.close()
        return len(kernels), rss, seconds
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--serve", nargs=3, metavar=("MODE", "PORT", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve[0], int(args.serve[1]), args.serve[2])
        return
    from careernb import open_store
    from careernb.demo import seed_demo

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        seed_demo(open_store(home), dt.date.today())
        for mode in ("kept", "shut down"):
            results[mode] = _visit(mode.replace(" ", "-"), args.pages, home)
            count, rss, seconds = results[mode]
            print(
                f"{mode:>9}: {count:2d} kernels running, {rss:7.0f} MB, {args.pages} pages in {seconds:.0f} s"
            )
    (kept, kept_mb, _), (shut, shut_mb, _) = results["kept"], results["shut down"]
    print(f"ratio: {kept / max(shut, 1):.1f}x the kernels, {kept_mb / max(shut_mb, 1):.1f}x the memory")


if __name__ == "__main__":
    main()

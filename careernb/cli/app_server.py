"""``careernb app``: Voilà serving each page at its own address, and nothing else.

Voilà serving a folder opens on a list of notebook files. The app instead serves
every page of :data:`careernb.views.navigation.PAGES` at its address (``/team``,
``/prepare?person=007``...), sends ``/`` to the team dashboard, and leaves out the
file list, the rendering of files by name and the contents API: the manager never
sees a file name.

Each visit to a page starts a kernel. Two things end it once the manager has left:
the page's own request to shut it down when it unloads (Voilà sends it with the
``_xsrf`` cookie, which the app sets, so it is accepted), and, for a tab closed
without unloading (a crash, a lost connection), culling of kernels that have been
idle with no page connected for :data:`CULL_IDLE_SECONDS`.
"""

from __future__ import annotations

import os
import webbrowser
from pathlib import Path

import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from careernb.views.navigation import APP_ENV, HOME, PAGES

CULL_IDLE_SECONDS = 120
"""A kernel idle this long with no page connected is shut down."""
CULL_INTERVAL_SECONDS = 30

# Voilà's handlers that list or render notebooks by file name.
_BY_FILE_NAME = ("/voila/tree", "/voila/render", "/voila/api/contents")


class PageHandler(TornadoVoilaHandler):
    """One page: its notebook, run for this visit."""

    async def get(self, path=None):
        # Touching the token sets the _xsrf cookie that Voilà's shutdown-on-leave request carries.
        _ = self.xsrf_token
        await super().get(path)


class CareernbApp(Voila):
    """Voilà with the pages at their addresses, and no file names."""

    name = "careernb-app"
    start_page = HOME.address
    """Where the browser opens."""

    def launch_browser(self) -> None:
        try:
            browser = webbrowser.get(self.browser or None)
        except webbrowser.Error as e:
            self.log.warning("No web browser found: %s.", e)
            return
        browser.open(url_path_join(self.connection_url, self.start_page), new=self.webbrowser_open_new)

    def init_handlers(self) -> list:
        root = url_path_join(self.server_url, "/")
        kept = [
            h
            for h in super().init_handlers()
            if h[0] != root and h[0] != self.server_url and not any(p in h[0] for p in _BY_FILE_NAME)
        ]
        settings = {
            "template_paths": self.template_paths,
            "config": self.config,
            "voila_configuration": self.voila_configuration,
        }
        pages = [
            (
                url_path_join(self.server_url, page.address),
                PageHandler,
                {"notebook_path": page.notebook, **settings},
            )
            for page in PAGES
        ]
        home = (root, tornado.web.RedirectHandler, {"url": url_path_join(self.server_url, HOME.address)})
        return [*pages, home, *kept]


def _private_kernels() -> list[str]:
    """Voila's kernels on Unix sockets their owner alone can reach, where the system has them.

    On TCP, any account on the machine (another manager on a shared server) could subscribe to a
    kernel's output on 127.0.0.1: the connection key signs messages, it hides none. Voila keeps
    each run's sockets in a folder of its own made by ``mkdtemp`` (mode 0700) under /tmp, whose
    short path leaves room for a socket's (107 bytes; a macOS temporary folder is too long).
    """
    if os.name != "posix":
        return []  # Windows kernels listen on TCP only
    return ["--KernelManager.transport=ipc", "--Voila.connection_dir_root=/tmp"]


def argv_for(notebooks: Path, port: int, *, open_browser: bool) -> list[str]:
    """The app's settings, as Voilà's own command line takes them."""
    argv = [
        str(notebooks),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        *_private_kernels(),
    ]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def serve(
    notebooks: Path, port: int, home: Path, *, start: str = HOME.address, open_browser: bool = True
) -> None:
    """Run the app until interrupted; its kernels work in ``home``."""
    os.environ["CAREERNB_HOME"] = str(home)
    os.environ[APP_ENV] = "1"  # the kernels inherit it: the pages read their addresses
    CareernbApp.start_page = start
    CareernbApp.launch_instance(argv=argv_for(notebooks, port, open_browser=open_browser))

"""``careernb app``: Voilà serving each page at its own address, and nothing else.

Voilà serving a folder opens on a list of notebook files. The app instead serves
every page of :data:`careernb.views.pages.PAGES` at its address (``/team``,
``/prepare?person=007``...), sends ``/`` to the team dashboard, and leaves out the
file list, the rendering of files by name and the contents API: the manager never
sees a file name.

Each page can keep kernels ready (Voilà's preheated kernels, ``--ready-kernels N`` per page):
started, the page's notebook run up to the point where it reads its address, waiting for a
visit; a visit takes one and a new one starts behind it. Two things end a visit's kernel
once the manager has left: the page's own request to shut it down when it unloads (Voilà
sends it with the ``_xsrf`` cookie, which the app sets, so it is accepted), and, for a tab
closed without unloading (a crash, a lost connection), culling of kernels that have been
idle with no page connected for :data:`CULL_IDLE_SECONDS`. A ready kernel is busy waiting,
so it is never culled.

Nothing is fetched from another host: the pages use careernb's template
(:data:`careernb.app.VOILA_TEMPLATE`), which serves Font Awesome from the app. An address
that is no page gets the app's own not-found page, with the navigation bar.
"""

from __future__ import annotations

import os
import urllib.parse
import webbrowser
from pathlib import Path

import jinja2
import tornado.web
import xstatic.pkg.font_awesome
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from careernb.app import TEMPLATES, VOILA_TEMPLATE
from careernb.cli.app_kernels import NAME as KERNELS
from careernb.home import where_kernels_work
from careernb.views.kit import style
from careernb.views.kit.address import APP_ENV
from careernb.views.pages import HOME, PAGES

CULL_IDLE_SECONDS = 120
"""A kernel idle this long with no page connected is shut down."""
CULL_INTERVAL_SECONDS = 30
READY_KERNELS = 0
"""Kernels kept started and run, waiting for a visit, for each page (0: one starts per visit).
Off by default: a kernel for each of the twelve pages holds about 1.5 GB, and all start with the
app, the first page's among them. (One that dies never reaches a visit: :mod:`.app_kernels`.)"""
REFILL_AFTER_SECONDS = 4.0
"""A new ready kernel starts this long after a visit took one: once the browser has drawn the
page (Voilà's 1 s had the new kernel's start compete with the drawing on 2 cores)."""
FONT_AWESOME = "careernb/static/font-awesome"
"""Where the app serves Font Awesome (its CSS and fonts), below its base URL."""

# Voilà's handlers that list or render notebooks by file name.
_BY_FILE_NAME = ("/voila/tree", "/voila/render", "/voila/api/contents")


class PageHandler(TornadoVoilaHandler):
    """One page: its notebook, run for this visit."""

    async def get(self, path=None):
        # Touching the token sets the _xsrf cookie that Voilà's shutdown-on-leave request carries.
        _ = self.xsrf_token
        await super().get(path)


_NOT_FOUND = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
).get_template("not_found.html.j2")


class NotFoundPage(tornado.web.RequestHandler):
    """Any address that is no page: says so, under the navigation bar, with the way to the team."""

    def get(self, path: str = "") -> None:
        base = self.settings.get("server_url") or "/"
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            _NOT_FOUND.render(
                asked="/" + path.lstrip("/"),
                pages=[(url_path_join(base, p.address), p.title) for p in PAGES],
                team=url_path_join(base, HOME.address),
                team_name=HOME.title,
                link=style.LINK,
                ink=style.INK,
                rule=style.RULE_SECTION,
            )
        )

    head = get


class ToTheTeam(tornado.web.RequestHandler):
    """The app's root: on to the team page, the token asked with kept (the login happens there)."""

    def initialize(self, url: str) -> None:
        self.url = url

    def get(self) -> None:
        query = self.request.query
        self.redirect(f"{self.url}?{query}" if query else self.url)


def with_token(url: str, token: str) -> str:
    """The address a browser opens first: the token logs it in, and a cookie keeps it so."""
    if not token:
        return url
    return f"{url}{'&' if '?' in url else '?'}token={urllib.parse.quote(token)}"


class CareernbApp(Voila):
    """Voilà with the pages at their addresses, and no file names."""

    name = "careernb-app"
    start_page = HOME.address
    """Where the browser opens."""
    ready_kernels = READY_KERNELS
    """Kernels kept ready for each page."""

    def initialize(self, argv=None) -> None:
        super().initialize(argv)
        # Kernels wait for the pages only: no other notebook of the folder is run ahead.
        pools = {"default": {"pool_size": 0}}
        pools.update({p.notebook: {"pool_size": self.ready_kernels} for p in PAGES})
        self.config.VoilaKernelManager.kernel_pools_config = pools
        self.config.VoilaKernelManager.fill_delay = REFILL_AFTER_SECONDS

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        self.template_paths.insert(0, str(VOILA_TEMPLATE))

    def launch_browser(self) -> None:
        try:
            browser = webbrowser.get(self.browser or None)
        except webbrowser.Error as e:
            self.log.warning("No web browser found: %s.", e)
            return
        browser.open(
            with_token(url_path_join(self.connection_url, self.start_page), self.token or ""),
            new=self.webbrowser_open_new,
        )

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
        home = (root, ToTheTeam, {"url": url_path_join(self.server_url, HOME.address)})
        font = (
            url_path_join(self.server_url, FONT_AWESOME, "(.*)"),
            tornado.web.StaticFileHandler,
            {"path": xstatic.pkg.font_awesome.BASE_DIR},
        )
        not_found = (url_path_join(self.server_url, "(.*)"), NotFoundPage)
        return [*pages, home, font, *kept, not_found]


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


def argv_for(
    notebooks: Path, port: int, *, open_browser: bool, ready_kernels: int = READY_KERNELS, token: str
) -> list[str]:
    """The app's settings, as Voilà's own command line takes them (in this process: nothing here
    is on the process's command line for other accounts to read).

    Every page asks for ``token``: 127.0.0.1 is open to every account on the machine, and the
    pages show a team's words."""
    if not token:
        raise ValueError("the app needs a token: every account on the machine can reach 127.0.0.1")
    argv = [
        str(notebooks),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        *_private_kernels(),
    ]
    if ready_kernels > 0:
        argv += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.multi_kernel_manager_class={KERNELS}",  # a dead one is never handed out
        ]
    if not open_browser:
        argv.append("--no-browser")
    return argv


def serve(
    notebooks: Path,
    port: int,
    home: Path,
    *,
    database: str | None = None,
    start: str = HOME.address,
    open_browser: bool = True,
    ready_kernels: int = READY_KERNELS,
    token: str,
) -> None:
    """Run the app until interrupted; its kernels work in ``database`` (a URL) if given, else in
    ``home``."""
    where_kernels_work(os.environ, home, database)
    os.environ[APP_ENV] = "1"  # the kernels inherit it: the pages read their addresses
    CareernbApp.start_page = start
    CareernbApp.ready_kernels = ready_kernels
    argv = argv_for(notebooks, port, open_browser=open_browser, ready_kernels=ready_kernels, token=token)
    CareernbApp.launch_instance(argv=argv)

"""The report's page: a JupyterHub service where a report reads their contract and replies to it.

The hub starts it as a managed service (deploy/jupyterhub), as the Unix user ``careernb-reply``,
which PostgreSQL's peer map lets in as ``careernb_reply`` and nothing else. A browser signs in
with the hub's own login (OAuth, :class:`~jupyterhub.services.auth.HubOAuthenticated`); only hub
users holding ``access:services!service=careernb-report`` get in (the hub's ``reports`` group).

Who the person is comes from the hub login alone: the page has one address, no person in it, and
ignores any it is given. For each request it names that login to the database, whose functions
decide what the person sees (their contract received last, their replies) and may write (a reply
to that contract), as PostgREST names a request's role. No person's code runs here.

The page's HTML is made by the documents layer, which this layer may not import: the command that
starts the service (``careernb org report-page``) hands its two renderers in (:class:`Pages`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import signal
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from careernb.domain.contract.wording import first_name
from careernb.domain.reply_block import AGAIN, ReplyError, find
from careernb.errors import CareernbError
from careernb.follow_through.replies import read_reply
from careernb.organisation.report_desk import Received, ReportDesk, ReportPageError, manager_of

MAX_BODY = 1_000_000
"""A reply is a few kilobytes; the largest the reply's fields allow is well under this."""
HEADERS = {
    # The page's own inline style and script, its reply posted to itself, nothing from anywhere else.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@dataclasses.dataclass(frozen=True)
class Pages:
    """The page's HTML, from :mod:`careernb.documents.report_page`."""

    page: Callable[..., str]
    """``page(received, person_id, post=Post, notice=str)``."""
    message: Callable[..., str]
    """``message(heading, text, logout=str)``."""
    post: Callable[[str, str, str], Any]
    """``Post(url, xsrf, logout)``."""


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
OTHERS_REPLY = "A reply is sent by the person it is about, from their own page."
NUL = "\x00"
NUL_REFUSED = (
    "A reply cannot hold the invisible character U+0000 (it comes with pasted text): "
    "remove it and send again."
)


def sent_notice(manager_first: str) -> str:
    return f"Your reply reached {manager_first}. It waits for them with your contract; here is what you sent."


def reply_posted(desk: ReportDesk, login: str, body: bytes, today: dt.date | None = None) -> tuple[int, str]:
    """What the page answers a reply posted by the hub user ``login``: its HTTP status and the words
    the person reads (never the ones written for their manager); the reply kept when 200."""
    try:
        text = json.loads(body.decode("utf-8"))["reply"]
        if not isinstance(text, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return 400, "This is not a reply from the page: reload it and send again."
    try:
        received = desk.read(login)
        if find(text).person_id != received.person_id:  # before a look at anyone else's rows
            return 403, OTHERS_REPLY
        taken = read_reply(received, text, today or dt.date.today())
        if NUL in taken.reply.changed or any(NUL in u.note for u in taken.updates):
            return 400, NUL_REFUSED  # the database keeps no U+0000
        desk.reply(login, taken.reply, taken.updates)
    except ReportPageError as exc:
        return (403 if exc.refused else 409), str(exc)
    except ReplyError as exc:  # its words for the manager are not theirs to read
        return 409, exc.to_them
    except CareernbError:
        return 409, AGAIN
    return 200, "Sent."


def handlers(prefix: str, desk: ReportDesk, pages: Pages, logout: str) -> list[tuple]:
    """The page's three addresses: the page, its reply, and the hub's OAuth callback."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from tornado import web

    class Handler(HubOAuthenticated, web.RequestHandler):
        def set_default_headers(self) -> None:
            for name, value in HEADERS.items():
                self.set_header(name, value)

        @property
        def login(self) -> str:
            return self.current_user["name"]

        async def received(self) -> Received:
            return await asyncio.to_thread(desk.read, self.login)

    class PageHandler(Handler):
        @web.authenticated
        async def get(self) -> None:
            try:
                received = await self.received()
            except ReportPageError as exc:
                self.set_status(403 if exc.refused else 503)
                self.finish(pages.message("Nothing to show you here", str(exc), logout=logout))
                return
            post = pages.post(f"{prefix}reply", self.xsrf_token.decode("ascii"), logout)
            # The one thing the address may say: that a reply was just sent (never who anyone is).
            sent = self.get_argument("sent", "") == "1"
            notice = (
                sent_notice(first_name(manager.name)) if sent and (manager := manager_of(received)) else ""
            )
            self.finish(pages.page(received, received.person_id, post=post, notice=notice))

    class ReplyHandler(Handler):
        @web.authenticated
        async def post(self) -> None:
            status, message = await asyncio.to_thread(reply_posted, desk, self.login, self.request.body)
            more = {"next": f"{prefix}?sent=1"} if status == 200 else {}
            return self._answer(status, message, **more)

        def _answer(self, status: int, message: str, **more: str) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"message": message, **more}, ensure_ascii=False))

    return [
        (prefix, PageHandler),
        (f"{prefix}reply", ReplyHandler),
        (f"{prefix}oauth_callback", HubOAuthCallbackHandler),
    ]


def serve(pages: Pages) -> None:
    """Run the page where the hub says (``JUPYTERHUB_SERVICE_URL``), on ``$CAREERNB_STORE`` as the
    reply role, until the hub stops it."""
    from tornado import web

    from careernb.home import STORE_ENV

    url = os.environ.get(STORE_ENV, "")
    if not url:
        raise ReportPageError(
            f"The report's page needs ${STORE_ENV}",
            "The hub's configuration sets it to the database as careernb_reply.",
        )
    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    where = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    logout = os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/") + "/hub/logout"
    desk = ReportDesk(url)

    async def main() -> None:
        # The hub stops a service with SIGINT, then SIGTERM 30 s later: both end it at once, even
        # when the hub was started with SIGINT ignored (a shell's background job, a nohup); heard
        # before the page listens, so a stop sent the moment it answers is never missed.
        stopped = asyncio.Event()
        for stop in STOP_SIGNALS:
            asyncio.get_running_loop().add_signal_handler(stop, stopped.set)
        app = web.Application(
            handlers(prefix, desk, pages, logout),
            cookie_secret=os.urandom(32),  # the page's own cookies: a restart signs everyone in again
            xsrf_cookies=True,
        )
        server = app.listen(where.port or 80, where.hostname or "127.0.0.1", max_body_size=MAX_BODY)
        await stopped.wait()
        server.stop()

    try:
        asyncio.run(main())
    finally:
        desk.close()

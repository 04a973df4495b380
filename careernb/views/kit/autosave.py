"""Save as you type: what changed is queued, and written through the store after a pause.

:class:`Debouncer` waits for the pause; :class:`SaveStatus` says "Saving…", then "Saved at
14:03:21". One :class:`Autosaver` per panel. A field marks its record as changed with a
function that builds the record from the model when the save runs, so the
newest text is what gets written. Records are saved table by table, in the
order of :data:`careernb.home.TABLES`, so a conversation is in its file before
the answers that refer to it.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import ipywidgets as w

from careernb.errors import ChangedElsewhereError
from careernb.home import TABLES
from careernb.store import Store, table_of
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.markup import css

AUTOSAVE_SECONDS = 1.0

_RANK = {table_of(t).name: i for i, t in enumerate(TABLES)}
_LIVE: weakref.WeakSet[Autosaver] = weakref.WeakSet()


class Debouncer:
    """Run ``action`` once typing has paused for ``delay`` seconds.

    A burst of calls saves once; ``flush()`` saves now (on close, in tests).
    The wait never exceeds ``max_wait``, so steady typing still saves.
    """

    def __init__(
        self,
        action: Callable[[], None],
        delay: float = AUTOSAVE_SECONDS,
        max_wait: float | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._action = action
        self._delay = delay
        self._max_wait = max_wait if max_wait is not None else 2 * delay
        self._on_error = on_error
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._first_call: float | None = None

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def __call__(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._first_call is None:
                self._first_call = now
            wait = min(self._delay, max(0.0, self._first_call + self._max_wait - now))
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(wait, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        with self._lock:  # re-entrant: cancel() takes it again
            self.cancel()
            try:
                self._action()
            except Exception as exc:
                if self._on_error is None:
                    raise
                self._on_error(exc)

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
            self._first_call = None


class SaveStatus(w.HTML):
    """'Saving...' while a save is pending, then 'Saved at 14:03:21'."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        css(self, "careernb-save-status")
        self.state = "idle"

    def pending(self) -> None:
        self.state = "pending"
        self.value = f'<span role="status" style="color:{style.PENDING}">Saving…</span>'

    def saved(self, at: dt.datetime | None = None) -> None:
        self.state = "saved"
        at = at or dt.datetime.now()
        self.value = f'<span role="status" style="color:{style.GREEN}">Saved at {at:%H:%M:%S}</span>'

    def failed(self) -> None:
        self.state = "failed"
        # role="alert": read out the moment it appears, wherever the reader is on the page
        self.value = f'<span role="alert" style="color:{style.RED}">Not saved — see the message below</span>'


@dataclasses.dataclass(frozen=True)
class Update:
    """A read-modify-write of one table, for rows that other panels may change too."""

    record_type: type
    person_id: str | None
    change: Callable[[list[Any]], Iterable[Any]]
    carries: Any = None
    """The record it writes, handed to ``confirm`` once written (None: the update itself)."""


@atexit.register
def flush_all() -> None:
    """Save what every panel of the kernel has queued: at a normal shutdown or restart (what was
    typed in the last second), and before a page is built again."""
    for saver in list(_LIVE):
        with contextlib.suppress(Exception):  # exiting: nowhere left to show it
            saver.flush()


class Autosaver:
    """A panel's records, queued as they change and saved table by table after the pause."""

    def __init__(
        self,
        store: Store,
        status: SaveStatus,
        errors: ErrorPanel,
        *,
        delay: float = AUTOSAVE_SECONDS,
        after_save: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.status = status
        self.errors = errors
        self._after_save = after_save
        self._pending: dict[Hashable, Callable[[], Any]] = {}
        self._confirm: dict[Hashable, Callable[[Any], None]] = {}
        self._lock = threading.RLock()
        self._debouncer = Debouncer(self._save, delay, on_error=self._failed)
        self._had_failure = False
        _LIVE.add(self)
        self.saves = 0
        """How many times records were written (for tests and the status line)."""

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def changed(
        self, key: Hashable, build: Callable[[], Any], confirm: Callable[[Any], None] | None = None
    ) -> None:
        """Queue a record to save after the pause; ``build`` returns it (or None to skip).

        ``confirm`` is called with the record once the store has written it (not before:
        a browser forgets its copy of the text on that word).
        """
        with self._lock:
            self._pending[key] = build
            if confirm is not None:
                self._confirm[key] = confirm
        self.status.pending()
        self._debouncer()

    def now(self, key: Hashable, build: Callable[[], Any]) -> None:
        """Save this (and anything queued) at once: for clicks, which are deliberate."""
        with self._lock:
            self._pending[key] = build
        self.flush()

    def flush(self) -> None:
        """Write everything queued now (closing the panel, switching person, tests)."""
        self._debouncer.flush()

    def _save(self) -> None:
        with self._lock:
            items = dict(self._pending)
            self._pending.clear()
        if not items:
            return
        try:
            ops, written = self._operations(items)
        except BaseException:
            self._requeue(items, items)
            raise
        failure: BaseException | None = None
        for _, keys, op in sorted(ops, key=lambda o: o[0]):
            try:
                op()
            except ChangedElsewhereError as exc:  # final: the browser keeps the text, a reload shows both
                failure = failure or exc
                for key in keys:
                    written.pop(key, None)
            except BaseException as exc:  # kept, so the next change retries it
                failure = failure or exc
                self._requeue(items, keys)
                for key in keys:
                    written.pop(key, None)
        for key, record in written.items():
            confirm = self._confirm.get(key)
            if confirm is not None:
                confirm(
                    record.carries if isinstance(record, Update) and record.carries is not None else record
                )
        if failure is not None:
            raise failure
        self.saves += 1
        if self._had_failure:
            self._had_failure = False
            self.errors.clear()  # the earlier failure is resolved: everything is saved now
        self.status.saved()
        if self._after_save is not None:
            self._after_save()

    def _operations(
        self, items: dict[Hashable, Callable[[], Any]]
    ) -> tuple[list[tuple[int, list[Hashable], Callable[[], Any]]], dict[Hashable, Any]]:
        """What to write, table by table in the order tables refer to each other, and the keys
        each write covers; and each key's record."""
        groups: dict[tuple[str, str | None], list[tuple[Hashable, Any]]] = {}
        ops: list[tuple[int, list[Hashable], Callable[[], Any]]] = []
        written: dict[Hashable, Any] = {}
        for key, build in items.items():
            record = build()
            if record is None:
                continue
            written[key] = record
            if isinstance(record, Update):
                rank = _RANK.get(table_of(record.record_type).name, 99)
                update = functools.partial(
                    self.store.update, record.record_type, record.person_id, record.change
                )
                ops.append((rank, [key], update))
                continue
            groups.setdefault((table_of(record).name, getattr(record, "person_id", None)), []).append(
                (key, record)
            )
        for (name, _), pairs in groups.items():
            save = functools.partial(self.store.save, *[r for _, r in pairs])
            ops.append((_RANK.get(name, 99), [k for k, _ in pairs], save))
        return ops, written

    def _requeue(self, items: dict[Hashable, Callable[[], Any]], keys: Iterable[Hashable]) -> None:
        with self._lock:  # a change made since stays the one to save
            for key in keys:
                self._pending.setdefault(key, items[key])

    def _failed(self, exc: BaseException) -> None:
        self._had_failure = True
        self.status.failed()
        self.errors.show(exc)

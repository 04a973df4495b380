"""A running clock against the booked length of the conversation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.conversations import MINIMUM_CAREER_MINUTES
from careernb.views.kit import style
from careernb.views.kit.markup import css, esc

TICK_SECONDS = 5.0


class Clock:
    """Minutes held so far (carried over from earlier sittings) against the booked length."""

    def __init__(
        self,
        booked_minutes: int | None,
        already: float = 0.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.booked = booked_minutes
        self._before = float(already)
        self._now = now
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._now()

    def pause(self) -> None:
        if self._since is not None:
            self._before += (self._now() - self._since) / 60
            self._since = None

    def set_minutes(self, minutes: float) -> None:
        """The minutes held so far, as the manager gives them; a running clock goes on from there."""
        self._before = float(minutes)
        if self._since is not None:
            self._since = self._now()

    def minutes(self) -> float:
        running = (self._now() - self._since) / 60 if self._since is not None else 0.0
        return self._before + running

    def text(self) -> str:
        held = int(self.minutes())
        if self.booked is None:
            return f"{held} minutes so far (no length booked)"
        if held <= self.booked:
            return f"{held} of {self.booked} minutes · {self.booked - held} left"
        return f"{held} of {self.booked} minutes · {held - self.booked} over"

    @property
    def booked_too_short(self) -> bool:
        return self.booked is not None and self.booked < MINIMUM_CAREER_MINUTES


class ClockView(w.HBox):
    """The clock, a button that starts, pauses and resumes it, and the reminder to give this space.

    Starting the clock says nothing was held: the conversation is kept once something is said
    in it or it is marked held. ``on_pause`` keeps the minutes of a conversation already kept.
    """

    def __init__(self, clock: Clock, on_pause: Callable[[], None]) -> None:
        super().__init__(layout=w.Layout(align_items="center", flex_flow="row wrap"))
        css(self, "careernb-clock")
        self.clock = clock
        self._on_pause = on_pause
        self.display = css(w.HTML(), "careernb-clock-time")
        self.button = css(w.Button(layout=w.Layout(width="auto")), "careernb-clock-button")
        self.button.on_click(self._toggle)
        self.children = [self.display, self.button]
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.render()

    def _toggle(self, _b: object = None) -> None:
        if self.clock.running:
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        if self.clock.running:
            return
        self.clock.start()
        self._stop.clear()
        self._thread = threading.Thread(target=self._tick, name="careernb-clock", daemon=True)
        self._thread.start()
        self.render()

    def pause(self) -> None:
        if not self.clock.running:
            return
        self.clock.pause()
        self._stop.set()
        self._on_pause()
        self.render()

    def close(self) -> None:
        self._stop.set()
        super().close()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            self.render()

    def render(self) -> None:
        c = self.clock
        over = c.booked is not None and c.minutes() > c.booked
        colour = style.RED if over else style.NEAR_BLACK
        warn = ""
        if c.booked_too_short:
            warn = (
                f' <span class="careernb-too-short" style="color:{style.RED}">booked under 45 minutes: "'
                f'{esc(playbook.CADENCE_MINIMUM)}"</span>'
            )
        self.display.value = (
            f'<span style="font-variant-numeric:tabular-nums;color:{colour};margin-right:10px">'
            f"⏱ {esc(c.text())}</span>{warn}"
        )
        self.button.description = (
            "Pause the clock"
            if c.running
            else ("Resume the clock" if c.minutes() >= 1 else "Start the clock")
        )
        self.button.icon = "pause" if c.running else "play"

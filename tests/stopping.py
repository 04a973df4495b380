"""A test run stopped by ``kill`` (SIGTERM) or a closed terminal (SIGHUP) stops as Ctrl-C does:
pytest tears its fixtures down, so the PostgreSQL clusters, the hub, the servers and the kernels
they started are stopped instead of left running. (SIGKILL cannot be caught.)"""

from __future__ import annotations

import signal
import types

STOPS = (signal.SIGTERM, signal.SIGHUP)


def _stopped(signum: int, _frame: types.FrameType | None) -> None:
    raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")


def pytest_configure(config: object) -> None:
    for stop in STOPS:
        signal.signal(stop, _stopped)

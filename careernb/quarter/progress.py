"""A quarter's progress, as ``done total`` in a file another process can poll."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

Progress = Callable[[int, int], None]
"""Called with the reports rendered so far and their total."""


def progress_to_file(path: str | os.PathLike[str]) -> Progress:
    """Report progress as 'done total' in a file another process can poll."""

    def report(done: int, total: int) -> None:
        tmp = Path(f"{path}.tmp")
        tmp.write_text(f"{done} {total}")
        os.replace(tmp, path)

    return report


def read_progress(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        done, total = Path(path).read_text().split()
        return int(done), int(total)
    except (FileNotFoundError, ValueError):
        return None

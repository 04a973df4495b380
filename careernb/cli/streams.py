"""The standard streams a command runs with: its output may lose its reader, and they may be closed.

``careernb check | head -c0`` closes the pipe before the command writes; ``careernb forget 040 <&-``
starts it with no standard input at all. Either way the command does all of its work: what it
prints after the reader left is dropped, and a closed stream reads and writes as ``/dev/null``
(so a file the command opens never takes its number, and a question finds standard input
closed and says how to confirm instead).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_NAMES = ("stdin", "stdout", "stderr")


class _Unread(io.RawIOBase):
    """A file descriptor written until its reader leaves, then written to nowhere."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: ReadableBuffer) -> int:
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            self._send_nowhere()
            return memoryview(data).nbytes

    def _send_nowhere(self) -> None:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, self.fd)  # later writes, ours and a child process's, succeed unseen
        os.close(nowhere)


def _reopen_closed() -> None:
    """Open each closed standard descriptor (0, 1, 2) on /dev/null, and give Python a stream for it."""
    for fd, name in enumerate(_NAMES):
        try:
            os.fstat(fd)
        except OSError:
            nowhere = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if nowhere != fd:
                os.dup2(nowhere, fd)
                os.close(nowhere)
            if getattr(sys, name) is None:
                stream = open(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                setattr(sys, name, stream)


def _outliving(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """The same stream, buffered the same way, that no longer fails when its reader has left."""
    stream.flush()
    return io.TextIOWrapper(
        io.BufferedWriter(_Unread(stream.fileno())),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Run a command with standard streams it can always use.

    Only the process's own streams are replaced (a caller that captured them, as pytest does,
    keeps its own), and they are put back afterwards.
    """
    _reopen_closed()
    before = {name: getattr(sys, name) for name in _NAMES[1:]}
    for name, stream in before.items():
        if stream is getattr(sys, f"__{name}__") and isinstance(stream, io.TextIOWrapper):
            setattr(sys, name, _outliving(stream))
    try:
        yield
    finally:
        for name, stream in before.items():
            replaced = getattr(sys, name)
            if replaced is not stream:
                replaced.flush()
                setattr(sys, name, stream)

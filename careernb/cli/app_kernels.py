"""The app's kernels: Voilà's pools of ready kernels, without handing a dead one to a visit.

Voilà builds its pooling kernel manager on the class it is configured with
(``VoilaConfiguration.multi_kernel_manager_class``); this is that class. When a kernel dies,
Jupyter restarts it empty, and Voilà would keep it in its page's pool and hand it to the next
visit, whose page never draws (it waits for a notebook the new kernel never ran). Here a ready
kernel whose process has ended leaves its pool before a visit counts the pool, and one that
Jupyter restarts leaves it at once: its page's run is stopped, and a new ready kernel starts
behind it. The empty one, in no pool and with no page, is culled once idle.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

NAME = f"{__name__}.ReadyKernels"
"""As Voilà's configuration names the class."""


class ReadyKernels(AsyncMappingKernelManager):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Voilà's pooling class is built on this one and defines how a visit counts its page's
        # pool; a kernel that died since Jupyter last polled (every few seconds) leaves it first.
        super().__init_subclass__(**kwargs)
        counted = cls.__dict__.get("get_pool_size")
        if counted is None:
            return

        @functools.wraps(counted)
        def get_pool_size(self: ReadyKernels, notebook_name: str) -> int:
            self._drop_dead(notebook_name)
            return counted(self, notebook_name)

        cls.get_pool_size = get_pool_size  # type: ignore[attr-defined]

    # async, as jupyter_server's own is; jupyter_client's base declares it sync
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        kernel_id = await super().start_kernel(*args, **kwargs)
        self.add_restart_callback(kernel_id, functools.partial(self._restarted, kernel_id), "restart")
        return kernel_id

    def _ready(self) -> dict[str, list[asyncio.Future]]:
        """Voilà's pools, by notebook: each item, once done, names its kernel and its page's run."""
        return getattr(self, "_pools", {})

    def _restarted(self, kernel_id: str) -> None:
        """A kernel died and is being restarted empty: if it was waiting in a pool, it leaves it."""
        for notebook, pool in self._ready().items():
            for item in pool:
                if _kernel_of(item) == kernel_id:
                    self._leave(notebook, item)
                    return

    def _drop_dead(self, notebook: str) -> None:
        for item in list(self._ready().get(notebook, [])):
            kernel_id = _kernel_of(item)
            if kernel_id is not None and not self._running(kernel_id):
                self._leave(notebook, item)

    def _running(self, kernel_id: str) -> bool:
        if kernel_id not in self:
            return False
        process = getattr(self.get_kernel(kernel_id).provisioner, "process", None)
        return process is None or process.poll() is None  # not a local process: Jupyter's poll decides

    def _leave(self, notebook: str, item: asyncio.Future) -> None:
        self._ready()[notebook].remove(item)
        item.result()["task"].cancel()  # the page's run, waiting on the dead kernel
        self.log.warning("A ready kernel of %s died; another is started in its place", notebook)
        self.fill_if_needed(delay=0, notebook_name=notebook)  # type: ignore[attr-defined]


def _kernel_of(item: asyncio.Future) -> str | None:
    """The kernel of a pool's item that is ready; None while it is still starting, or failed."""
    if not item.done() or item.cancelled() or item.exception() is not None:
        return None
    kernel_id: str = item.result()["kernel_id"]
    return kernel_id

"""The app's kernels: Voilà's pools of ready kernels, without handing a dead one to a visit.

Voilà builds its pooling kernel manager on the class it is configured with
(``VoilaConfiguration.multi_kernel_manager_class``); this is that class. When a kernel dies,
Jupyter restarts it empty, and Voilà would keep it in its page's pool and hand it to the next
visit, whose page never draws (it waits for a notebook the new kernel never ran). Here a ready
kernel that restarts leaves its pool at once, its page's run is stopped, and a new ready kernel
starts behind it. The empty one, in no pool and with no page, is culled once idle.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

NAME = f"{__name__}.ReadyKernels"
"""As Voilà's configuration names the class."""


class ReadyKernels(AsyncMappingKernelManager):
    # async, as jupyter_server's own is; jupyter_client's base declares it sync
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        kernel_id = await super().start_kernel(*args, **kwargs)
        self.add_restart_callback(kernel_id, functools.partial(self._restarted, kernel_id), "restart")
        return kernel_id

    def _restarted(self, kernel_id: str) -> None:
        """A kernel died and is being restarted empty: if it was waiting in a pool, it leaves it."""
        pools: dict[str, list[asyncio.Future]] = getattr(self, "_pools", {})  # Voilà's, by notebook
        for notebook, pool in pools.items():
            for item in pool:
                ready = item.done() and not item.cancelled() and item.exception() is None
                if ready and item.result()["kernel_id"] == kernel_id:
                    pool.remove(item)
                    item.result()["task"].cancel()  # the page's run, waiting on the dead kernel
                    self.log.warning("A ready kernel of %s died; another is started in its place", notebook)
                    # Voilà's pooling class, built on this one, has it
                    self.fill_if_needed(delay=0, notebook_name=notebook)  # type: ignore[attr-defined]
                    return

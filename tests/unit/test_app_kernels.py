"""The app's ready kernels, on Voilà's own pooling class built on ours, with one real kernel."""

from __future__ import annotations

import asyncio
import os
import signal

from traitlets.config import Configurable
from voila.voila_kernel_manager import voila_kernel_manager_factory

from careernb.cli.app_kernels import ReadyKernels
from tests.conftest import on_a_loop_of_its_own

NOTEBOOK = "05-monthly-review.ipynb"


class _App(Configurable):
    """What Voilà's pooling class reads of its app: a folder with no notebook to fill pools for."""

    def __init__(self, root_dir: str) -> None:
        super().__init__()
        self.root_dir = root_dir
        self.notebook_path = None


def _pooled(tmp_path):
    km = voila_kernel_manager_factory(ReadyKernels, True, 1)(parent=_App(str(tmp_path)))
    refills: list[str] = []
    km.fill_if_needed = lambda delay=None, notebook_name=None, **kw: refills.append(notebook_name)
    return km, refills


async def _ready_in_pool(km) -> tuple[str, asyncio.Task]:
    kernel_id = await km.start_kernel()
    run = asyncio.get_running_loop().create_task(asyncio.sleep(3600))  # the page's run
    item = asyncio.get_running_loop().create_future()
    item.set_result({"kernel_id": kernel_id, "task": run})
    km._pools[NOTEBOOK] = [item]
    return kernel_id, run


def test_a_ready_kernel_that_died_a_moment_ago_is_not_counted_for_a_visit(tmp_path):
    async def visit():
        km, refills = _pooled(tmp_path)
        kernel_id, run = await _ready_in_pool(km)
        try:
            assert km.get_pool_size(NOTEBOOK) == 1  # alive: it stays ready
            assert refills == []
            process = km.get_kernel(kernel_id).provisioner.process
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            # Before Jupyter's next poll notices: the visit counts no ready kernel.
            assert km.get_pool_size(NOTEBOOK) == 0
            await asyncio.sleep(0)
            assert run.cancelled()
            assert refills == [NOTEBOOK]
        finally:
            await km.shutdown_all(now=True)

    on_a_loop_of_its_own(visit())

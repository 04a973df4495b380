"""The hub's Python kernel: ipykernel without its debugger.

ipykernel's debugger (debugpy) listens on a TCP port of 127.0.0.1 that asks for no key: once a
manager has turned it on in JupyterLab, and even after they turn it off, any account on the
server could connect to that port and run code in their kernel, as them. The hub's kernel spec
(:func:`careernb.organisation.hub.kernel_spec`) starts kernels through :func:`main`, which keeps
debugpy from loading: the kernel then offers no debugger, and JupyterLab shows none.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    # None in sys.modules makes importing debugpy fail: ipykernel starts without a debugger.
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # typeshed allows modules only
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    # As ipykernel_launcher does: the working folder leaves sys.path while the kernel loads.
    if sys.path[0] in ("", str(Path.cwd())):
        del sys.path[0]
    main()

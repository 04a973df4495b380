"""The report's page stops the moment the hub asks, by SIGINT or SIGTERM, even when it was started
with SIGINT ignored (a hub run as a shell's background job or under nohup hands that on): else
the hub waits 30 s on it, and a restart of the hub keeps reports waiting as long."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest

from tests.e2e.conftest import free_port
from tests.hub.conftest import HUB_VENV


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_report_page_stops_at_once_when_the_hub_asks(hub_base, stop):
    port = free_port()
    env = {
        **os.environ,
        "CAREERNB_STORE": "postgresql+psycopg://careernb_reply@/careernb?host=/nonexistent",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/careernb-report/",
        "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}",
        "JUPYTERHUB_API_TOKEN": "not-a-token",
        "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",
        "JUPYTERHUB_CLIENT_ID": "service-careernb-report",
        "JUPYTERHUB_OAUTH_CALLBACK_URL": "/services/careernb-report/oauth_callback",
    }
    with subprocess.Popen(
        [str(HUB_VENV / "bin" / "python"), "-m", "careernb", "org", "report-page"],
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        stderr=subprocess.PIPE,
        text=True,
    ) as page:
        try:
            deadline = time.monotonic() + 60
            while not _listening(port):
                assert page.poll() is None, page.stderr.read()
                assert time.monotonic() < deadline, "the report's page never listened"
                time.sleep(0.1)
            page.send_signal(stop)
            page.wait(timeout=5)
        finally:
            if page.poll() is None:
                page.kill()
                page.wait()
        assert page.returncode == 0, page.stderr.read()

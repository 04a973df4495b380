"""Every test run gets its own demo data home, so no test can touch a manager's real data."""

import datetime as dt
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("CAREERNB_TEST_HOME_SET"):
        return
    from careernb import open_store
    from careernb.demo import seed_demo

    home = Path(tempfile.mkdtemp(prefix="careernb-test-")) / "home"
    seed_demo(open_store(home), dt.date.today())
    # Kernels started by papermill and nbval inherit this environment.
    os.environ["CAREERNB_HOME"] = str(home)
    os.environ["CAREERNB_TEST_HOME_SET"] = "1"

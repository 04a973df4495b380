"""A sealed data home in a real browser: unlock in JupyterLab and in `careernb app`, type a private
note, kill the kernel; the note is kept in the browser, offered back once unlocked again, lands in
the store sealed, and is never in clear anywhere in the data home."""

from __future__ import annotations

from careernb.home import unlock
from careernb.store import session
from careernb.store.keys import KEY_FILE
from tests.e2e.conftest import Server, notebook_for, snap
from tests.e2e.kept import wait_in_store
from tests.e2e.unlocking import put_back_in_lab, put_back_in_the_app
from tests.keyed import PASSPHRASE, csv_forms, every_byte, seal

VOILA_NOTEBOOK = "now"
MEI = "019"  # her booked conversation opens at once
QUESTION = "now.best-work"
NOTE = 'Private: "she may leave in spring" — do not share 🔒\nsecond line'


def _sealed(server: Server) -> None:
    """The server's demo home sealed under a key (the kernels read it as each page opens)."""
    from careernb import open_store

    if not (server.home / KEY_FILE).exists():
        seal(open_store(server.home, create=False))
    session.lock()


def _never_in_clear(server: Server) -> None:
    on_disk = every_byte(server.home)
    assert not any(form in on_disk for form in csv_forms(NOTE))


def _kept_after_unlocking_again(server: Server) -> None:
    unlock(PASSPHRASE, server.home)  # the test reads the store as the manager's session does
    try:
        wait_in_store(server.home, MEI, QUESTION, NOTE)
    finally:
        session.lock()


def test_in_jupyterlab_a_note_typed_after_unlocking_survives_a_killed_kernel_sealed(lab, page):
    _sealed(lab)
    notebook = notebook_for(lab, "02-where-are-you-now.ipynb", person_id=MEI)
    put_back_in_lab(page, lab, notebook, QUESTION, NOTE)
    snap(page, "unlock-lab-put-back")
    _kept_after_unlocking_again(lab)
    _never_in_clear(lab)
    assert PASSPHRASE.encode() not in (lab.root / notebook).read_bytes()


def test_in_the_app_a_note_typed_after_unlocking_survives_a_killed_kernel_sealed(voila_app, page):
    _sealed(voila_app)
    put_back_in_the_app(page, voila_app, f"now?person={MEI}", QUESTION, NOTE)
    snap(page, "unlock-app-put-back")
    _kept_after_unlocking_again(voila_app)
    _never_in_clear(voila_app)

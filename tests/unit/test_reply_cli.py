"""`careernb reply import` and `careernb reply list`: a reply taken in from a file, a mail or the
terminal, each refusal a message with nothing written, and what waits listed for the manager."""

from __future__ import annotations

import email.message
import email.policy
import hashlib
import io
import subprocess

import pytest

from careernb.cli import main
from careernb.domain.replies import Decision, Reply, ReplyUpdate
from careernb.domain.reply_block import encode
from careernb.follow_through import replies
from tests.cli_runs import CLI, a_reply
from tests.conftest import TODAY

SOFIA = "034"


def files_of(store) -> dict[str, str]:
    return {
        str(p.relative_to(store.home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.home.rglob("*.csv"))
    }


def as_mail(text: str) -> bytes:
    """The reply as Sofia's mail program sends it: quoted-printable, CRLF."""
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["To"] = "Ada Okafor <ada@example.org>"
    m["Subject"] = "My reply to our development contract (version 4)"
    m.set_content(text, cte="quoted-printable")
    return m.as_bytes()


def a_commitment_update(store) -> dict:
    (waiting,) = [w for w in replies.waiting(store) if w.person.person_id == SOFIA]
    theirs = next(u for u, _ in waiting.updates if u.progress is not None)
    return {"id": theirs.commitment_id, "progress": "stuck", "note": 'Blocked on the\n"design review" 🚧'}


CARRIERS = {
    "the file their contract saved": lambda text, path: (path.write_text(text, encoding="utf-8"), str(path)),
    "the mail they sent": lambda text, path: (
        path.with_suffix(".eml").write_bytes(as_mail(text)),
        str(path.with_suffix(".eml")),
    ),
}


@pytest.mark.parametrize("carrier", CARRIERS.values(), ids=CARRIERS.keys())
def test_a_reply_from_a_file_is_taken_in_and_said_back(demo, tmp_path, capsys, carrier):
    text = a_reply(demo, SOFIA, "2026-11-25T08:30:00", changed="Less tired.\nMore curious.")
    _, path = carrier(text, tmp_path / "reply.txt")
    assert main(["reply", "import", path, "--home", str(demo.home)]) == 0
    out = capsys.readouterr().out
    assert "Took in Sofia Rossi's reply to version 4 of their contract, written Wed 25 November 2026." in out
    assert "  Less tired.\n  More curious." in out
    assert "I left our last career conversation feeling genuinely seen. agree" in out
    assert "I can see a future for me in this organisation. (not answered)" in out
    kept = [r for r in demo.load(Reply, SOFIA) if r.reply_id == "r-cli"]
    assert [r.changed for r in kept] == ["Less tired.\nMore curious."]


def test_a_reply_pasted_at_the_terminal_is_taken_in(demo, monkeypatch, capsys):
    text = a_reply(demo, SOFIA, "2026-11-25T08:30:00", commitments=[a_commitment_update(demo)])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["reply", "import", "-", "--home", str(demo.home)]) == 0
    assert "1 update waits for you to accept or set aside" in capsys.readouterr().out
    (update,) = [u for u in demo.load(ReplyUpdate, SOFIA) if u.reply_id == "r-cli"]
    assert update.note == 'Blocked on the\n"design review" 🚧' and update.decision is Decision.PENDING


def _edited(store) -> str:
    lines = a_reply(store, SOFIA, "2026-11-25T08:30:00").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("-----BEGIN")) + 1
    lines[at] = lines[at][:-1] + ("A" if lines[at][-1] != "A" else "B")
    return "\n".join(lines)


def _someone_elses(store) -> str:
    fields = {
        "careernb": "reply/1",
        "person": "999",
        "version": 1,
        "reply": "r9",
        "written": "2026-11-25T08:30:00",
    }
    return encode(fields, "a-token-of-another-manager")


REFUSALS = {
    "edited on the way": (_edited, "damaged or was edited"),
    "no reply at all": (lambda store: "Thanks for the contract!", "holds no careernb reply"),
    "from someone not in the team": (_someone_elses, "not in your team"),
}


@pytest.mark.parametrize(("make", "says"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_reply_is_one_message_and_nothing_is_written(demo, tmp_path, capsys, make, says):
    (tmp_path / "reply.txt").write_text(make(demo), encoding="utf-8")
    before = files_of(demo)
    assert main(["reply", "import", str(tmp_path / "reply.txt"), "--home", str(demo.home)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careernb: error: ") and says in err and "Traceback" not in err
    assert files_of(demo) == before


def test_the_same_reply_twice_is_refused_the_second_time(demo, tmp_path, capsys):
    (tmp_path / "reply.txt").write_text(a_reply(demo, SOFIA, "2026-11-25T08:30:00"), encoding="utf-8")
    argv = ["reply", "import", str(tmp_path / "reply.txt"), "--home", str(demo.home)]
    assert main(argv) == 0
    before = files_of(demo)
    assert main(argv) == 2
    assert "already taken in on" in capsys.readouterr().err
    assert files_of(demo) == before


def test_a_file_that_cannot_be_read_is_named(demo, tmp_path, capsys):
    assert main(["reply", "import", str(tmp_path / "nowhere.eml"), "--home", str(demo.home)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nowhere.eml'}: cannot read it" in err and "- to paste its text" in err


def test_list_shows_each_update_beside_the_managers_record_the_managers_first(demo, capsys):
    assert main(["reply", "list", "--home", str(demo.home)]) == 0
    out = capsys.readouterr().out
    sofia = out[out.index("Sofia Rossi (034), reply to version 4, written Mon 9 November 2026:") :]
    mine, theirs = sofia.index("Give specific feedback on your guild talk (yours"), sofia.index("(theirs")
    assert mine < theirs
    assert "they say: yes — Thank you for the notes after the talk" in sofia
    assert out.index("Elif Yılmaz") < out.index("Kwame Mensah") < out.index("Sofia Rossi")  # oldest first


def test_list_says_when_nothing_waits(demo, capsys):
    for w in replies.waiting(demo):
        for update, _ in w.updates:
            replies.decide(
                demo, update.person_id, update.reply_id, update.commitment_id, Decision.SET_ASIDE, TODAY
            )
    assert main(["reply", "list", "--home", str(demo.home)]) == 0
    assert capsys.readouterr().out.startswith("Nothing waits")


@pytest.mark.slow
def test_a_reply_pasted_into_the_command_through_a_pipe(demo):
    text = a_reply(demo, SOFIA, "2026-11-25T08:30:00")
    done = subprocess.run(
        [*CLI, "reply", "import", "-", "--home", str(demo.home)],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert b"Took in Sofia Rossi's reply" in done.stdout


def test_control_characters_a_reply_holds_are_kept_exactly_and_printed_visibly(demo, tmp_path, capsys):
    """Printed raw, they would move the cursor, rewrite a line ("Nothing was changed"), retitle
    the window or hide text in the manager's terminal: written as their escapes instead."""
    changed = "fine\r\x1b[2KNothing was changed: the reply is a duplicate.\x1b]0;pwned\x07\x1b[8mhidden"
    update = a_commitment_update(demo) | {"note": "ok\x1b[2J\x9b31m"}
    (tmp_path / "reply.txt").write_text(
        a_reply(demo, SOFIA, "2026-11-25T08:30:00", changed=changed, commitments=[update]), encoding="utf-8"
    )
    assert main(["reply", "import", str(tmp_path / "reply.txt"), "--home", str(demo.home)]) == 0
    assert main(["reply", "list", "--home", str(demo.home)]) == 0
    out = capsys.readouterr().out
    assert not [c for c in out if c in "\r\x1b\x07\x9b"]
    assert "fine\\r\\x1b[2KNothing was changed" in out and "\\x1b]0;pwned\\x07" in out
    assert "ok\\x1b[2J\\x9b31m" in out
    assert [r.changed for r in demo.load(Reply, SOFIA) if r.reply_id == "r-cli"] == [changed]

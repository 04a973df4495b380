"""The reply's block: found in whatever mail did to it, refused when damaged or edited."""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careernb.domain import reply_block
from careernb.domain.replies import Agreement, Happened, Progress
from careernb.domain.reply_block import BEGIN, END, ReplyError, encode, find, records

TOKEN = "q3V9sX0nL2mYp8Rk4TzW1g"
HOSTILE = ["", "NA", "None", "\tlead", "\rcr", "a\r\nb", "line\u2028sep", "עברית", "👩‍💻", "=1+1", "x" * 5000]


def fields(**over):
    base = {
        "careernb": "reply/1",
        "person": "007",
        "version": 3,
        "reply": "r7f3a9",
        "written": "2026-12-03T10:15:00",
        "changed": "I've started pairing with the platform team.",
        "seen": "agree",
        "future": "rather not say",
        "moving": None,
        "commitments": [
            {"id": "c1", "progress": "done", "note": "Gave the talk on the 2nd."},
            {"id": "m1", "happened": "not yet", "note": ""},
            {"id": "c2", "progress": "", "note": ""},
        ],
    }
    return base | over


def mail(body: str, cte: str) -> bytes:
    m = email.message.EmailMessage(policy=email.policy.default)
    m["To"] = "ada@example.org"
    m["Subject"] = "Re: our development contract"
    m.set_content(body, cte=cte)
    return m.as_bytes()


def rewrapped(block: str) -> str:
    # A mail program that re-wraps long lines and indents what it quoted.
    return "\r\n".join(
        "> " + line[:30] + "\r\n>   " + line[30:] if len(line) > 30 else "> " + line
        for line in block.split("\n")
    )


CARRIERS = {
    "the block alone": lambda b: b,
    "after the readable text": lambda b: "What's changed: a lot\n\n" + b + "\n\nThanks, Tomás\n",
    "a quoted-printable mail": lambda b: mail("Hello Ada,\n\n" + b, "quoted-printable"),
    "a base64 mail": lambda b: mail("Héllo Ada,\n\n" + b, "base64"),
    "with CRLF line ends": lambda b: b.replace("\n", "\r\n"),
    "quoted and re-wrapped": lambda b: rewrapped(b),
    "quoted twice in one thread": lambda b: b + "\n\n> " + b.replace("\n", "\n> "),
}


@pytest.mark.parametrize("carrier", CARRIERS.values(), ids=CARRIERS.keys())
def test_when_mail_changes_the_text_around_it_then_the_block_is_found_whole(carrier):
    block = find(carrier(encode(fields(), TOKEN)))
    assert block.signed_with(TOKEN)
    assert block.fields == fields()


def test_a_block_reads_back_as_the_reply_and_its_updates():
    reply, updates = records(find(encode(fields(), TOKEN)), dt.date(2026, 12, 4))
    assert (reply.person_id, reply.reply_id, reply.version) == ("007", "r7f3a9", 3)
    assert reply.written == dt.datetime(2026, 12, 3, 10, 15)
    assert reply.received == dt.date(2026, 12, 4)
    assert (reply.seen, reply.future, reply.moving) == (Agreement.AGREE, Agreement.RATHER_NOT_SAY, None)
    assert [(u.commitment_id, u.progress, u.happened, u.note) for u in updates] == [
        ("c1", Progress.DONE, None, "Gave the talk on the 2nd."),
        ("m1", None, Happened.NOT_YET, ""),
    ]  # c2 was left blank: nothing to take in


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)))
def test_whatever_the_person_typed_comes_back_exactly(text):
    block = find(mail(encode(fields(changed=text), TOKEN).replace("\n", "\r\n"), "quoted-printable"))
    assert block.signed_with(TOKEN)
    assert records(block, dt.date(2026, 12, 4))[0].changed == text


def test_an_edited_block_fails_its_check():
    good = encode(fields(), TOKEN)
    lines = good.split("\n")
    first = lines[1]
    lines[1] = first[:10] + ("A" if first[10] != "A" else "B") + first[11:]
    edited = "\n".join(lines)
    try:
        block = find(edited)
    except ReplyError:
        return  # edited into something that no longer decodes: refused all the same
    assert not block.signed_with(TOKEN)


def test_a_block_signed_with_another_token_fails_its_check():
    assert not find(encode(fields(), "another-token")).signed_with(TOKEN)


REFUSED = {
    "no block": ("Dear Ada, thanks!", "holds no careernb reply"),
    "no last line": (BEGIN + "\nabc.def\n", "last line is missing"),
    "not two parts": (BEGIN + "\nabcdef\n" + END, "two parts"),
    "not base64": (BEGIN + "\n!!!.???\n" + END, "does not decode"),
    "a short check": (BEGIN + "\neyJhIjoxfQ.AAAA\n" + END, "cut short"),
    "two different replies": (
        encode(fields(), TOKEN) + "\n" + encode(fields(reply="r2"), TOKEN),
        "more than one careernb reply",
    ),
}


@pytest.mark.parametrize(("text", "says"), REFUSED.values(), ids=REFUSED.keys())
def test_when_a_block_cannot_be_read_then_it_is_refused_with_what_to_do(text, says):
    with pytest.raises(ReplyError, match=says) as caught:
        find(text)
    assert caught.value.fix


BAD_FIELDS = {
    "another format": ({"careernb": "reply/9"}, "format"),
    "a person id that is no id": ({"person": "../etc"}, "person is not an id"),
    "a version that is text": ({"version": "3"}, "version is not a number"),
    "a version that is a flag": ({"version": True}, "version is not a number"),
    "an unknown answer": ({"seen": "maybe"}, "seen is not one of"),
    "a note that is no text": ({"changed": ["x"]}, "changed is not a text"),
    "no time written": ({"written": "yesterday"}, "no time"),
    "a commitment twice": (
        {"commitments": [{"id": "c1", "progress": "done"}, {"id": "c1", "progress": "stuck"}]},
        "answered twice",
    ),
    "a commitment without an id": ({"commitments": [{"progress": "done"}]}, "has no id"),
}


@pytest.mark.parametrize(("over", "says"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_when_a_field_is_not_what_careernb_wrote_then_the_reply_is_refused(over, says):
    with pytest.raises(ReplyError, match=says):
        records(find(encode(fields(**over), TOKEN)), dt.date(2026, 12, 4))


def test_the_block_is_wrapped_for_mail_programs():
    block = encode(fields(changed="x" * 2000), TOKEN)
    assert max(len(line) for line in block.split("\n")) == reply_block.WIDTH < 78  # RFC 5322's advice


def signed(payload: bytes, token: str = TOKEN) -> str:
    """A block around ``payload`` as a browser would sign it, whatever JSON it holds."""
    body = f"{reply_block._b64(payload)}.{reply_block._b64(reply_block.mac(token, payload))}"
    return f"{BEGIN}\n{body}\n{END}"


def test_half_a_character_is_refused_rather_than_kept_as_something_else():
    # JSON may escape half of a surrogate pair (a browser's JSON.stringify does); no file can hold it.
    payload = json.dumps(fields(changed="x\ud800y")).encode("ascii")
    assert b"\\ud800" in payload
    with pytest.raises(ReplyError, match="changed holds half of a character"):
        records(find(signed(payload)), dt.date(2026, 12, 4))

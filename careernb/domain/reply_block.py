"""The compact block a reply carries back, readable by careernb and checked before it is taken in.

The person's browser writes their reply as plain text a person can read, followed by a block::

    -----BEGIN CAREERNB REPLY-----
    eyJjYXJlZXJuYiI6InJlcGx5LzEiLC...
    -----END CAREERNB REPLY-----

The block is ``base64url(payload) "." base64url(HMAC-SHA256(token, payload))``, wrapped at 64
characters, where ``payload`` is UTF-8 JSON and ``token`` the random token of the contract version
the person received. The token is no secret from the person (it is in their copy of the contract):
the MAC tells careernb that the block is whole, unedited, and answers the version it names.

The block survives what mail does to text: quoted-printable or base64 transfer encoding, lines
re-wrapped by a mail program, ``> `` quoting, and CRLF line ends.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import email
import email.policy
import enum
import hashlib
import hmac
import json
import re
from typing import Any

from careernb.domain.replies import STATEMENTS, Agreement, Happened, Progress, Reply, ReplyUpdate
from careernb.errors import CareernbError
from careernb.store.schema import is_valid_id

BEGIN = "-----BEGIN CAREERNB REPLY-----"
END = "-----END CAREERNB REPLY-----"
FORMAT = "reply/1"
WIDTH = 64
# What a mail program may put in front of a line: quoting, and the spaces of a re-wrap.
_PREFIX = re.compile(r"^[\s>]*")
MAX_NOTE = 20_000
"""More than anyone types into a reply; a longer field is a damaged block, not a note."""


class ReplyError(CareernbError):
    """A reply that careernb will not take in; nothing was written."""

    def __init__(self, problem: str, fix: str, *, to_them: str = "") -> None:
        self.problem = problem
        self.fix = fix
        self.to_them = to_them or AGAIN
        """What the person is told, on their own page: the rest speaks to the manager."""
        super().__init__(f"{problem} {fix}".strip())


AGAIN = (
    "Your reply could not be taken in as it is. Reload the page and send it again (copy what you "
    "wrote first); if it happens again, send it from your contract's mail instead."
)


def no_block() -> ReplyError:
    return ReplyError(
        f"This holds no careernb reply: there is no block between {BEGIN} and {END}.",
        "Import the mail the person sent (the .eml file), the file their contract saved, "
        "or paste the whole text of their reply, block included.",
    )


def damaged(why: str) -> ReplyError:
    return ReplyError(
        f"The reply's block is damaged or was edited after it was written ({why}).",
        "Ask the person to send it again from their contract; the text above the block is theirs to read.",
    )


@dataclasses.dataclass(frozen=True)
class ReplyBlock:
    """A block as found: its exact payload bytes, its MAC, and the payload's fields."""

    payload: bytes
    mac: bytes
    fields: dict[str, Any]

    # decode() checked the payload's shape: these three are there, with these types.
    @property
    def person_id(self) -> str:
        person: str = self.fields["person"]
        return person

    @property
    def version(self) -> int:
        version: int = self.fields["version"]
        return version

    @property
    def reply_id(self) -> str:
        reply: str = self.fields["reply"]
        return reply

    def signed_with(self, token: str) -> bool:
        return hmac.compare_digest(self.mac, mac(token, self.payload))


def mac(token: str, payload: bytes) -> bytes:
    return hmac.new(token.encode("utf-8"), payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(fields: dict[str, Any], token: str) -> str:
    """The block for ``fields``, as the person's browser writes it (used by tests and previews)."""
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    body = f"{_b64(payload)}.{_b64(mac(token, payload))}"
    lines = [body[i : i + WIDTH] for i in range(0, len(body), WIDTH)]
    return "\n".join([BEGIN, *lines, END])


def texts_of(data: bytes | str) -> list[str]:
    """The texts a file may hold a reply in: itself, and each text part when it is a mail."""
    if isinstance(data, str):
        raw = data
        data = data.encode("utf-8", "surrogatepass")
    else:
        raw = data.decode("utf-8", "replace")
    out = [raw]
    head = raw.lstrip()[:2000].lower()
    if "\n\n" in raw.replace("\r\n", "\n") and ("mime-version:" in head or "content-type:" in head):
        message = email.message_from_bytes(data, policy=email.policy.default)
        for part in message.walk():
            if part.get_content_maintype() == "text":
                try:
                    out.append(part.get_content())
                except (LookupError, ValueError):
                    continue
    return out


def find(data: bytes | str) -> ReplyBlock:
    """The one reply block in ``data`` (a mail, a saved reply, pasted text), decoded, not yet checked."""
    blocks = []
    for text in texts_of(data):
        lines = [_PREFIX.sub("", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
        for start, line in enumerate(lines):
            if line != BEGIN:
                continue
            try:
                stop = lines.index(END, start + 1)
            except ValueError:
                raise damaged("its last line is missing") from None
            blocks.append("".join(lines[start + 1 : stop]))
    if not blocks:
        raise no_block()
    if len(set(blocks)) > 1:
        raise ReplyError(
            "This holds more than one careernb reply.",
            "Import each reply on its own: save each mail as its own file.",
        )
    return decode(blocks[0])


def decode(body: str) -> ReplyBlock:
    if body.count(".") != 1:
        raise damaged("it is not two parts joined by a dot")
    text, signature = body.split(".")
    try:
        payload, tag = _unb64(text), _unb64(signature)
        fields = json.loads(payload.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise damaged("it does not decode") from None
    if len(tag) != hashlib.sha256().digest_size:
        raise damaged("its check is cut short")
    _check_shape(fields)
    return ReplyBlock(payload, tag, fields)


def _check_shape(fields: Any) -> None:
    if not isinstance(fields, dict) or fields.get("careernb") != FORMAT:
        raise damaged("it is not a careernb reply of a format this careernb reads")
    for name in ("person", "reply"):
        if not isinstance(fields.get(name), str) or not is_valid_id(fields[name]):
            raise damaged(f"its {name} is not an id")
    version = fields.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version < 10**9:
        raise damaged("its contract version is not a number")


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name, "")
    if not isinstance(value, str) or len(value) > MAX_NOTE:
        raise damaged(f"{name} is not a text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # half of a character (a lone surrogate): JSON allows it, a file cannot
        raise damaged(f"{name} holds half of a character") from None
    return value


def _choice(kind: type[enum.Enum], value: Any, name: str) -> Any:
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except ValueError:
        raise damaged(f"{name} is not one of {', '.join(k.value for k in kind)}") from None


def records(block: ReplyBlock, received: dt.date) -> tuple[Reply, list[ReplyUpdate]]:
    """The reply and its commitment updates, as the store keeps them (call after checking)."""
    f = block.fields
    try:
        written = dt.datetime.fromisoformat(_text(f, "written")).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise damaged("it has no time it was written") from None
    if written.date() > received + dt.timedelta(days=1):  # a day for the time zones between
        raise ReplyError(
            f"This reply says it was written on {written.date().isoformat()}, after today: the clock of "
            "the computer it was written on is wrong, and a reply dated later would be refused as older.",
            "Ask the person to set their computer's date right and send the reply again. "
            "Nothing was changed.",
            to_them=f"Your computer's clock says it is {written.date().isoformat()}: set its date right, "
            "then send your reply again.",
        )
    said = {s.key: _choice(Agreement, f.get(s.key), s.key) for s in STATEMENTS}
    reply = Reply(
        block.person_id, block.reply_id, block.version, written, received, _text(f, "changed"), **said
    )
    updates = []
    items = f.get("commitments", [])
    if not isinstance(items, list):
        raise damaged("commitments is not a list")
    for item in items:
        if not isinstance(item, dict) or not is_valid_id(str(item.get("id", ""))):
            raise damaged("a commitment has no id")
        update = ReplyUpdate(
            block.person_id,
            block.reply_id,
            item["id"],
            progress=_choice(Progress, item.get("progress"), "progress"),
            happened=_choice(Happened, item.get("happened"), "happened"),
            note=_text(item, "note"),
        )
        if update.progress or update.happened or update.note:
            updates.append(update)
    if len({u.commitment_id for u in updates}) != len(updates):
        raise damaged("a commitment is answered twice")
    return reply, updates

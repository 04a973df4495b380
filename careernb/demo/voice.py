"""What one demo person says, and what their manager writes about them.

The stories (who is overdue, who was approached...) decide the dates and the
shape of the history; a voice decides the words. A text may change with the
direction the person held that quarter, or with each career conversation: a list
holds one text per conversation, the latest last, so what a person says moves
with their story (a shorter list covers only the latest conversations: a
trust-gated question is asked from the third on).

The words themselves are data: one TOML file per person in
careernb/demo/people/, read by ``read_voice``, which refuses a key it does not
know rather than let a typo silently drop a person's words.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from careernb.domain.aspirations import Direction
from careernb.domain.conversations import THREE_CONVERSATIONS
from careernb.domain.preparation import Reflection
from careernb.domain.questions import for_conversation, playbook_questions
from careernb.domain.replies import Agreement, Happened, Progress
from careernb.domain.signals import SignalKind
from careernb.errors import CareernbError, VoiceFileError

Said = str | Mapping[Direction, str] | tuple[str, ...]
"""A text, one text per direction the person held, or one per conversation (the latest last)."""

POOL = 8
"""Commitments each side draws from: eight keep every date the demo derives from the draws."""


def said(text: Said, direction: Direction, ago: int = 0) -> str:
    """The words for the conversation ``ago`` quarters before the latest, for the direction held,
    or the one text that holds for every conversation."""
    if isinstance(text, str):
        return text
    if isinstance(text, tuple):
        return of_conversation(text, ago)
    return text[direction]


T = TypeVar("T")


def of_conversation(per_conversation: tuple[T, ...], ago: int) -> T:
    """The item for the conversation ``ago`` quarters before the latest (the list's last)."""
    if ago >= len(per_conversation):
        raise CareernbError(
            f"these words hold {len(per_conversation)} conversations, the latest last, but the story "
            f"asks for one {ago} before the latest: add the earlier words at the start of the list"
        )
    return per_conversation[-1 - ago]


@dataclasses.dataclass(frozen=True)
class FitWords:
    """The honest-fit explorations, for an ambition the organisation cannot fully hold."""

    partial_paths: str
    timeline: str
    in_parallel: str
    transition: str


@dataclasses.dataclass(frozen=True)
class ReplyWords:
    """What the person wrote back from one version of their contract."""

    changed: str = ""
    """What's changed since we last spoke."""
    seen: str = ""
    future: str = ""
    moving: str = ""
    """The three statements, each an :class:`Agreement`'s words, or empty: not answered."""
    theirs: str = ""
    """Their note on the first of their own commitments in that version."""
    progress: str = ""
    """What they say of it; empty: what the record shows on the day they wrote."""
    manager: str = ""
    """Their note on the first of the manager's commitments."""
    happened: str = ""
    """Whether it happened; empty: what the record shows on the day they wrote."""
    waiting: bool = False
    """The manager has not accepted or set aside its updates yet."""


_REPLY_CHOICES = {
    **dict.fromkeys(("seen", "future", "moving"), tuple(a.value for a in Agreement)),
    "progress": tuple(p.value for p in Progress),
    "happened": tuple(h.value for h in Happened),
}


@dataclasses.dataclass(frozen=True)
class Voice:
    answers: Mapping[str, Said]
    """Question id -> their answer."""
    picture: Said
    """Where they want to be in three years."""
    admired_role: Said
    their_actions: tuple[str, ...]
    my_actions: tuple[str, ...]
    """The manager's commitments to them."""
    open_question: Said
    reviews: tuple[tuple[str, str], ...]
    """What the monthly reviews look at: one pair for every version, or one per conversation."""
    notes: Mapping[Reflection, str] = dataclasses.field(default_factory=dict)
    """The manager's private preparation."""
    domain: Said = ""
    ten_year: str = ""
    things_to_try: str = ""
    drawn_to: str = ""
    moving_away_from: str = ""
    fit: FitWords | None = None
    signals: Mapping[SignalKind, tuple[str, str]] = dataclasses.field(default_factory=dict)
    """Signal -> (the check-in's note, what was noticed)."""
    paused: str = "Paused while the launch is on."
    dropped: str = "No longer relevant after the reorg."
    replies: tuple[ReplyWords, ...] = ()
    """Their replies to the latest contract versions, one per version, the latest last."""

    def __post_init__(self) -> None:
        for pool in (self.their_actions, self.my_actions):
            if len(pool) != POOL or len(set(pool)) != POOL:
                raise ValueError(f"a voice needs {POOL} distinct commitments on each side: {pool}")

    def answer(self, question_id: str, direction: Direction, ago: int = 0) -> str:
        """Their answer in the conversation ``ago`` quarters before the latest."""
        return said(self.answers[question_id], direction, ago)

    def review_points(self, ago: int = 0) -> tuple[str, str]:
        """What the contract agreed ``ago`` quarters before the latest will review."""
        return self.reviews[0] if len(self.reviews) == 1 else of_conversation(self.reviews, ago)


_SIGNAL_WORDS = ("check_in", "noticed")
"""A signal's words: the check-in's note, then what was noticed."""


def read_voice(source: Traversable) -> Voice:
    """The voice a words file describes; a ``VoiceFileError`` naming the file and key if it cannot."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise VoiceFileError(source, "", f"not valid TOML ({e})") from e
    return _Reader(source).voice(data)


@dataclasses.dataclass(frozen=True)
class _Reader:
    """Reads one words file, naming the file and the key in whatever it refuses."""

    source: Traversable

    def fail(self, key: str, problem: str) -> VoiceFileError:
        return VoiceFileError(self.source, key, problem)

    def keys(self, table: Mapping[str, Any], where: str, known: tuple[str, ...], required=()) -> None:
        for key in table:
            if key not in known:
                raise self.fail(_path(where, key), f"unknown key; expected one of: {', '.join(known)}")
        for key in required:
            if key not in table:
                raise self.fail(_path(where, key), "missing; every voice needs it")

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected text in quotes, found {type(value).__name__}")
        return value

    def table(self, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a table, found {type(value).__name__}")
        return value

    def said(self, value: object, where: str) -> Said:
        """One text, a table of texts keyed by the direction held, or a list of texts, one per
        conversation, the latest last."""
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            if not value:
                raise self.fail(where, "an empty list; give one text per conversation, the latest last")
            return self.texts(value, where)
        if not isinstance(value, dict):
            raise self.fail(
                where,
                "expected a text, a table of texts per direction or a list of texts per conversation, "
                f"found {type(value).__name__}",
            )
        table = self.table(value, where)
        if not table:
            raise self.fail(where, "an empty table; give one text, or one text per direction")
        self.keys(table, where, tuple(d.value for d in Direction))
        return {Direction(d): self.text(t, _path(where, d)) for d, t in table.items()}

    def texts(self, value: object, where: str, count: int | None = None) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of texts, found {type(value).__name__}")
        if count is not None and len(value) != count:
            raise self.fail(where, f"expected {count} texts, found {len(value)}")
        return tuple(self.text(t, f"{where}[{i}]") for i, t in enumerate(value))

    def enum_table(self, value: object, where: str, kind: type[Reflection] | type[SignalKind]) -> dict:
        table = self.table(value, where)
        self.keys(table, where, tuple(k.value for k in kind))
        return {kind(k): v for k, v in table.items()}

    def voice(self, data: Mapping[str, Any]) -> Voice:
        fields = dataclasses.fields(Voice)
        unset = dataclasses.MISSING
        required = tuple(f.name for f in fields if f.default is unset and f.default_factory is unset)
        self.keys(data, "", tuple(f.name for f in fields), required)
        plain = ("ten_year", "things_to_try", "drawn_to", "moving_away_from", "paused", "dropped")
        read = {
            **dict.fromkeys(("picture", "admired_role", "open_question", "domain"), self.said),
            **dict.fromkeys(plain, self.text),
            **dict.fromkeys(("their_actions", "my_actions"), self.texts),
            "reviews": self.reviews,
            "answers": self.answers,
            "notes": self.notes,
            "fit": self.fit,
            "signals": self.signals,
            "replies": self.replies,
        }
        try:
            # Any: each reader returns its field's type, and the names were checked against the
            # fields above; which reader runs is the TOML's key, known only when it is read.
            words: dict[str, Any] = {name: read[name](value, name) for name, value in data.items()}
            return Voice(**words)
        except ValueError as e:  # the commitment pools, which the voice checks itself
            raise self.fail("", str(e)) from e

    def answers(self, value: object, where: str) -> dict[str, Said]:
        """Every question of the three conversations answered, and nothing else."""
        table = self.table(value, where)
        bank = playbook_questions()
        asked = tuple(q.question_id for k in THREE_CONVERSATIONS for q in for_conversation(bank, k))
        self.keys(table, where, asked, asked)
        return {q: self.said(t, _path(where, q)) for q, t in table.items()}

    def reviews(self, value: object, where: str) -> tuple[tuple[str, str], ...]:
        """Two texts for every version, or a list of such pairs, one per conversation."""
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            return tuple(self.pair(v, f"{where}[{i}]") for i, v in enumerate(value))
        return (self.pair(value, where),)

    def pair(self, value: object, where: str) -> tuple[str, str]:
        first, second = self.texts(value, where, count=2)
        return first, second

    def notes(self, value: object, where: str) -> dict[Reflection, str]:
        table = self.enum_table(value, where, Reflection)
        return {r: self.text(t, _path(where, r.value)) for r, t in table.items()}

    def fit(self, value: object, where: str) -> FitWords:
        table = self.table(value, where)
        names = tuple(f.name for f in dataclasses.fields(FitWords))
        self.keys(table, where, names, names)
        return FitWords(**{n: self.text(table[n], _path(where, n)) for n in names})

    def signals(self, value: object, where: str) -> dict[SignalKind, tuple[str, str]]:
        table = self.enum_table(value, where, SignalKind)
        return {kind: self.signal(words, _path(where, kind.value)) for kind, words in table.items()}

    def signal(self, value: object, where: str) -> tuple[str, str]:
        words = self.table(value, where)
        self.keys(words, where, _SIGNAL_WORDS, _SIGNAL_WORDS)
        check_in, noticed = (self.text(words[k], _path(where, k)) for k in _SIGNAL_WORDS)
        return check_in, noticed

    def replies(self, value: object, where: str) -> tuple[ReplyWords, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of replies ([[replies]]), found {type(value).__name__}")
        return tuple(self.reply(v, f"{where}[{i}]") for i, v in enumerate(value))

    def reply(self, value: object, where: str) -> ReplyWords:
        table = self.table(value, where)
        self.keys(table, where, tuple(f.name for f in dataclasses.fields(ReplyWords)))
        words: dict[str, Any] = {}
        for name, v in table.items():
            if name == "waiting":
                if not isinstance(v, bool):
                    raise self.fail(_path(where, name), f"expected true or false, found {v!r}")
                words[name] = v
                continue
            text = self.text(v, _path(where, name))
            choices = _REPLY_CHOICES.get(name, ())
            if choices and text not in choices:
                raise self.fail(_path(where, name), f"expected one of: {', '.join(choices)}")
            words[name] = text
        return ReplyWords(**words)


def _path(where: str, key: str) -> str:
    """A key as TOML spells it, quoted where it must be: answers."now.best-work"."""
    bare = key and all(c.isalnum() or c in "-_" for c in key)
    spelt = key if bare else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{where}.{spelt}" if where else spelt

"""The demo team's words are data files: each loads into a voice, and a typo is refused, not ignored."""

from __future__ import annotations

import re

import pytest

from careernb.demo import people
from careernb.demo.voice import Voice, read_voice, said
from careernb.domain.aspirations import Direction
from careernb.errors import CareernbError, VoiceFileError

FILES = sorted(p.name for p in people.WORDS.iterdir() if p.name.endswith(".toml"))


def test_there_is_one_words_file_for_each_voice_the_demo_imports():
    assert sorted(f"{name.lower()}.toml" for name in people.__all__ if name != "WORDS") == FILES


@pytest.mark.parametrize("name", FILES)
def test_every_words_file_loads_into_the_voice_the_demo_uses(name):
    voice = read_voice(people.WORDS / name)
    assert isinstance(voice, Voice)
    assert voice == getattr(people, name.removesuffix(".toml").upper())
    assert voice.answers and voice.their_actions and voice.my_actions
    for text in [*voice.answers.values(), voice.picture, voice.open_question]:
        per_conversation = isinstance(text, tuple) and text and all(isinstance(t, str) for t in text)
        per_direction = isinstance(text, dict) and text and all(isinstance(d, Direction) for d in text)
        assert isinstance(text, str) or per_conversation or per_direction, name


def test_a_text_per_direction_is_keyed_by_the_direction_held():
    mei = people.MEI
    assert said(mei.picture, Direction.PEOPLE_LEADERSHIP).startswith("Leading a team of five")
    assert said(mei.picture, Direction.TECHNICAL_LEADERSHIP).startswith("Staff engineer on the search")


def test_a_list_holds_one_text_per_conversation_the_latest_last():
    tomas = people.TOMAS
    latest = tomas.answer("now.not-working", Direction.TECHNICAL_LEADERSHIP)
    first = tomas.answer("now.not-working", Direction.TECHNICAL_LEADERSHIP, ago=3)
    assert latest.endswith("It's been two years.") and "holding on to that" in first
    assert tomas.review_points(0) == (
        "Progress on the ledger proposal",
        "How the incident load feels with Sam sharing it",
    )
    with pytest.raises(CareernbError, match="hold 4 conversations, the latest last"):
        tomas.answer("now.not-working", Direction.TECHNICAL_LEADERSHIP, ago=4)
    with pytest.raises(CareernbError, match="hold 2 conversations"):
        tomas.answer("honest.leave", Direction.TECHNICAL_LEADERSHIP, ago=2)  # trust-gated: the last two


def _write(tmp_path, name: str, old: str, new: str, *, regex: bool = False):
    """A copy of a real words file with one change, which must have happened once."""
    text = (people.WORDS / name).read_text(encoding="utf-8")
    changed, n = re.subn(old, new, text, flags=re.M) if regex else (text.replace(old, new), text.count(old))
    assert n >= 1 and changed != text, (name, old)
    path = tmp_path / name
    path.write_text(changed, encoding="utf-8")
    return path


TYPOS = [
    ("mei.toml", "\nten_year = ", "\nten_years = ", "ten_years"),
    ("mei.toml", '"now.best-work" =', '"now.best-wrk" =', 'answers."now.best-wrk"'),
    ("mei.toml", 'picture."people leadership"', 'picture."people leadrship"', '"people leadrship"'),
    ("mei.toml", "\ncares-about = ", "\ncares-abot = ", "notes.cares-abot"),
    ("mei.toml", "\nnoticed = ", "\nnotice = ", "notice"),
    ("mei.toml", '[signals."interested in', '[signals."intrested in', 'signals."intrested in'),
    ("elif.toml", "\ntimeline = ", "\ntimelines = ", "fit.timelines"),
]


@pytest.mark.parametrize(("name", "old", "new", "key"), TYPOS, ids=[t[3] for t in TYPOS])
def test_an_unknown_key_is_refused_naming_the_file_and_the_key(tmp_path, name, old, new, key):
    path = _write(tmp_path, name, old, new)
    with pytest.raises(VoiceFileError, match="unknown key") as refused:
        read_voice(path)
    assert str(path) in str(refused.value) and key in str(refused.value)
    assert isinstance(refused.value, CareernbError)


MISSING = [
    ("mei.toml", r"^picture\..*\n", "picture"),
    ("mei.toml", r'^"honest\.leave" = \[\n(    .*\n)*\]\n', 'answers."honest.leave"'),
    ("mei.toml", r"^noticed = .*\n", "noticed"),
    ("elif.toml", r"^in_parallel = .*\n", "fit.in_parallel"),
    ("generic.toml", r"^my_actions = \[\n(    .*\n)*\]\n", "my_actions"),
]


@pytest.mark.parametrize(("name", "line", "key"), MISSING, ids=[m[2] for m in MISSING])
def test_a_missing_text_is_refused_naming_the_file_and_the_key(tmp_path, name, line, key):
    path = _write(tmp_path, name, line, "", regex=True)
    with pytest.raises(VoiceFileError, match="missing") as refused:
        read_voice(path)
    assert str(path) in str(refused.value) and key in str(refused.value)


WRONG = [
    (r"^ten_year = .*$", "ten_year = 10", "ten_year: expected text in quotes, found int"),
    (
        r'^"now\.draining" = \[\n(    .*\n)*\]$',
        '"now.draining" = 3',
        'answers."now.draining": expected a text, a table of texts per direction or a list',
    ),
    (
        r'^"now\.draining" = \[\n(    .*\n)*\]$',
        '"now.draining" = []',
        'answers."now.draining": an empty list',
    ),
    (
        r'^    \["Where the relevance',
        '    ["A third aspect", "Where the relevance',
        "reviews[0]: expected 2 texts, found 3",
    ),
    (r"^    .Book a monthly hour.*\n", "", "8 distinct commitments"),
    (r"^\[notes\]$", "[notes", "not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "message"), WRONG, ids=[w[2] for w in WRONG])
def test_a_value_of_the_wrong_shape_is_refused_naming_the_file(tmp_path, old, new, message):
    path = _write(tmp_path, "mei.toml", old, new, regex=True)
    with pytest.raises(VoiceFileError) as refused:
        read_voice(path)
    assert str(refused.value).startswith(f"{path}: ") and message in str(refused.value)

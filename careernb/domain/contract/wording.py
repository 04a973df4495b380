"""How the manager's lines read inside the contract the person receives.

A review point continues a sentence - "In March, we will check in on progress on the
ledger proposal" - so its first letter is lowered when, and only when, it is the capital
a sentence gives an ordinary word: "Progress", "How", "Whether". Everything else keeps the
case it was typed in: "API", "iOS", "Kubernetes", a person's name, a quotation. An ordinary
word is one of a short list of common English words (:data:`ORDINARY`); a word not on it
stays as typed, so the worst a missing word costs is a capital letter, never a name
written in lower case.

A contract is written to the person, so a line that speaks of them in the third person
("whether my commitments to him are done") reads oddly to the one receiving it.
:func:`third_person` finds such words for the guards to show before agreeing and before
sending; nothing rewrites them. An automatic rewrite would change meaning as often as
it fixed it: "her" is "you" or "your" depending on the sentence, "he" may be the person
or the colleague named just before, and "ask Sam whether he can pair with him" has two
people in it. The manager knows which is which; careernb shows where to look.
"""

from __future__ import annotations

import re

ORDINARY = frozenset(
    """
    a about across after again against all also an and another any around as at
    balance before being both but by
    career check checking current
    delivery did do does doing done during
    each early energy enough even every
    feedback finishing first follow for from
    getting goals growth
    had handing has have having he her his how
    if impact in into is it its
    just
    last later leading learning less
    making many mentoring more most moving much my
    new next no not now
    of on once one only onboarding or other our over overall ownership
    pairing plans presenting progress
    quality
    reading recent results review reviewing running
    scope she shipping since so some starting status still such support
    taking than that the their them then there these they this those through time
    to towards training two
    under until up us
    was we were what whatever when where whether which while who whom whose why with
    within without work workload writing
    you your
    """.split()  # noqa: SIM905 - a word list reads best as words
)
"""Common words that open a review point; the lower-case form is how they read mid-sentence.

Words that are also given names or products are left out on purpose ("Will", "May",
"Grace", "Go", "Swift"): such a word keeps its capital.
"""

_FIRST_WORD = re.compile(r"(\S+)")
_EDGE = "\"'“”‘’([{<"
_TRAILING = ".,;:!?)]}…"
_JOINERS = "-'’"


def in_sentence(text: str) -> str:
    """``text`` as it reads after "we will check in on": the outer spaces gone, and the first
    letter lowered only when it is a sentence's capital on an ordinary word."""
    text = text.strip()
    match = _FIRST_WORD.match(text)
    if not match:
        return text
    word = match.group(1).rstrip(_TRAILING)
    head = re.split(f"[{_JOINERS}]", word, maxsplit=1)[0]  # "Follow-up" → "Follow", "It's" → "It"
    if word[:1] in _EDGE or not _titlecase(head) or head.lower() not in ORDINARY:
        return text
    if not all(part.isalpha() and part.isascii() for part in re.split(f"[{_JOINERS}]", word) if part):
        return text  # "A/B", "Q3", "Ünïcode" and the like stay as typed
    return text[0].lower() + text[1:]


def _titlecase(word: str) -> bool:
    """``How``, not ``HOW`` (an acronym or a shout), ``how`` (already lower) or ``McKay``."""
    return len(word) >= 1 and word[0].isupper() and (len(word) == 1 or word[1:].islower())


_PRONOUNS = re.compile(r"(?<!\w)(he|him|his|himself|she|her|hers|herself)(?!\w)", re.IGNORECASE)
"""He and she in every form. "They" is left out: in these lines it names other people
("ask the leads what they need") far more often than the person, and a warning that is
usually wrong teaches the manager to skip the list. For the same reason a pronoun after
someone else's name in the line ("ask Noor to host you, and thank her") is taken as theirs."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _someone_named_before(text: str, end: int, own: set[str]) -> bool:
    """Whether a capitalised word that is not the first of a sentence, "I" or the person's own
    name comes before ``end``: a name the pronoun more likely points back to."""
    for m in _WORD.finditer(text, 0, end):
        before = text[: m.start()].rstrip()
        starts_sentence = not before or before[-1] in '.!?:;\n“"('
        word = re.split("['’]", m.group(0))[0]
        if word[:1].isupper() and not starts_sentence and word != "I" and word not in own:
            return True
    return False


def first_name(name: str) -> str:
    """How a letter greets someone or signs off: the first word of their name."""
    return name.split()[0] if name.split() else name.strip()


def third_person(text: str, name: str = "") -> list[str]:
    """The words in ``text`` that speak of the person as someone else: he or she in any form
    (unless someone else is named before it), and their name (in full or the first name, as
    written). In order, each once."""
    own = set(name.split())
    found = [m.group(0) for m in _PRONOUNS.finditer(text) if not _someone_named_before(text, m.start(), own)]
    names = {" ".join(name.split()), first_name(name)} - {""}
    for n in sorted(names, key=len, reverse=True):
        if any(n in earlier for earlier in found):
            continue  # the first name inside the full name already found
        if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text):
            found.append(n)
    return list(dict.fromkeys(found))

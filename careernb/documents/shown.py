"""Typed text as a page or a document shows it.

The store keeps every character a person typed, exactly. What shows it must still be a valid
document and say no more than was typed: a control character (pasted from a terminal, a
spreadsheet) is a code point HTML, iCalendar and mail headers forbid, so it shows as U+FFFD;
and a text that holds bidirectional formatting characters is set in an isolate of its own,
so that an override left open (U+202E) cannot reverse the words that follow it on the page.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_FORBIDDEN = [
    *range(0x00, 0x09),  # tab, line feed and carriage return are white space
    0x0B,
    0x0C,  # white space in HTML, a control in iCalendar and in mail
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),  # delete and the C1 controls
    *range(0xFDD0, 0xFDF0),  # noncharacters
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
]
_PRINTABLE = dict.fromkeys(_FORBIDDEN, REPLACEMENT)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def printable(text: str) -> str:
    """``text`` with each code point a document may not hold replaced by U+FFFD."""
    return text.translate(_PRINTABLE)


def shown(text: str) -> str:
    """``text`` as a document shows it: printable, and isolated when it holds bidirectional
    formatting (an isolate closes every embedding and override opened inside it)."""
    text = printable(text)
    if _BIDI.search(text):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


def one_line(text: str) -> str:
    """``text`` for a single-line field (a mail header, a calendar summary): white space runs,
    line breaks included, folded to one space."""
    return " ".join(shown(text).split())

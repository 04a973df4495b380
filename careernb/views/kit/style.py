"""The panels' colours and shared inline styles, named once, and the kit's stylesheet.

Panels are shown in notebooks, in Voilà and in saved outputs, where a stylesheet
is not guaranteed to load, so styles stay inline; every colour is written here
and nowhere else in ``careernb/views``: the kit and every page read it. What inline
styles cannot say - the focus outline, the buttons' colours - is the kit's stylesheet
(``static/kit.css``), which a page's frame carries (:func:`stylesheet`).

Every colour for words reads at 4.5:1 or more on white and on the backgrounds below
(WCAG AA); ``tests/unit/test_style.py`` computes it.
"""

from __future__ import annotations

from pathlib import Path

# What a colour means, not what it looks like.
RED = "#b00020"  # blocks, overdue, not saved, late
AMBER = "#8a4b00"  # needs attention, does not block
GREEN = "#1b7f3b"  # done, saved, on time
GREY = "#666"  # secondary words
MUTED = "#5b616b"  # hints and labels in the contract builder
FAINT = "#696e76"  # nothing there, unchanged
PENDING = "#755c00"  # a save is on its way
INK = "#333"
SOFT = "#555"
SOFTER = "#636363"
PALE = "#6b6b6b"
DARK = "#444"
NEAR_BLACK = "#1d1d1f"
RULE = "#ddd"  # borders between rows
RULE_LIGHT = "#eee"
RULE_TABLE = "#e3e5e8"
RULE_SECTION = "#ccd"
BROWN = "#8a3b00"  # a warning in the person's own words
OCHRE = "#b07d00"  # a bar's fill, never words
TEAL = "#0f6b63"  # added, reopened
BLUE = "#1d4ed8"  # re-dated
NAVY = "#2f5d8a"
PURPLE = "#6d28d9"  # reworded, changed
LEAF = "#2f7d4f"
QUOTE_BAR = "#9bb3cc"
QUOTE_BG = "#f6f8fb"
ALERT_BG = "#fff4f4"
NOTE_BG = "#fff4d6"
MINT_BG = "#f1f8f3"
MIST_BG = "#f3f6fa"
LINK = "#1a4f8b"  # the app's links: the navigation bar, the dashboard's ways in
HERE = "#111"  # the page you are on
OWN_QUESTION_BG = "#fff2c6"  # a question the manager added
TRUST_BG = "#fde3d3"  # a question asked only once trust is established

# Buttons, and the focus outline (the stylesheet's).
PRIMARY = "#1565c0"
SUCCESS = GREEN
WARNING = AMBER
DANGER = RED
INFO = TEAL
FOCUS = LINK
FOCUS_HALO = "#fff"  # between the outline and a dark button, so the outline shows on any colour

WORDS = (RED, AMBER, GREEN, GREY, MUTED, FAINT, PENDING, INK, SOFT, SOFTER, PALE, DARK, NEAR_BLACK,
         BROWN, TEAL, BLUE, NAVY, PURPLE, LEAF, LINK, HERE)  # fmt: skip
"""Every colour used for words."""
BACKGROUNDS = ("#fff", QUOTE_BG, ALERT_BG, NOTE_BG, MINT_BG, MIST_BG)
"""The backgrounds words are written on."""
KIT = "careernb-kit"
"""The class of a page's frame: the stylesheet's rules apply inside it."""

_SHEET = Path(__file__).parent / "static" / "kit.css"


def notice(border: str, background: str) -> str:
    """The inline style of a page's notice, a paragraph above the page: what the address got
    wrong, or that the day has turned since it opened."""
    return (
        f"margin:0 0 8px;padding:6px 10px;line-height:1.4;border-left:4px solid {border};"
        f"background:{background};color:{INK}"
    )


def stylesheet() -> str:
    """The kit's stylesheet as a ``<style>`` element, its colours from this module."""
    colours = {
        "focus": FOCUS,
        "focus-halo": FOCUS_HALO,
        "primary": PRIMARY,
        "success": SUCCESS,
        "warning": WARNING,
        "danger": DANGER,
        "info": INFO,
    }
    names = "".join(f"--careernb-{name}:{value};" for name, value in colours.items())
    return f"<style>.{KIT}{{{names}}}\n{_SHEET.read_text(encoding='utf-8')}</style>"


# Inline styles more than one panel uses.
HINT = f"color:{MUTED}"
SECONDARY = f"color:{GREY}"
ROW_BORDER = f"3px solid {RULE}"

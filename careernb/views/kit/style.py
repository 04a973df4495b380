"""The panels' colours and shared inline styles, named once.

Panels are shown in notebooks, in Voilà and in saved outputs, where a stylesheet
is not guaranteed to load, so styles stay inline; every colour is written here
and nowhere else in ``careernb/views``: the kit and every page read it.
"""

from __future__ import annotations

# What a colour means, not what it looks like.
RED = "#b00020"  # blocks, overdue, not saved, late
AMBER = "#8a4b00"  # needs attention, does not block
GREEN = "#1b7f3b"  # done, saved, on time
GREY = "#666"  # secondary words
MUTED = "#5b616b"  # hints and labels in the contract builder
FAINT = "#8a8f98"  # nothing there, unchanged
PENDING = "#8a6d00"  # a save is on its way
INK = "#333"
SOFT = "#555"
SOFTER = "#777"
PALE = "#888"
DARK = "#444"
NEAR_BLACK = "#1d1d1f"
RULE = "#ddd"  # borders between rows
RULE_LIGHT = "#eee"
RULE_TABLE = "#e3e5e8"
RULE_SECTION = "#ccd"
BROWN = "#8a3b00"  # a warning in the person's own words
OCHRE = "#b07d00"
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

# Inline styles more than one panel uses.
HINT = f"color:{MUTED}"
SECONDARY = f"color:{GREY}"
ROW_BORDER = f"3px solid {RULE}"

"""A person's text as the command line prints it.

Names, commitments and notes come from people (and, through a handover pack or a reply, from
people other than the manager): an invisible control character in one could move the cursor,
rewrite a line or retitle the terminal. Each is written as its escape, visibly.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: object) -> str:
    """``text`` as a terminal may print it: line breaks kept, every other control escaped."""
    return _CONTROL.sub(
        lambda m: m[0].encode("unicode_escape").decode("ascii"), str(text).replace("\r\n", "\n")
    )

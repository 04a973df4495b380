"""Every day a panel writes is in the documents' one style (``Thu 26 November 2026``): no page of
the app, for anyone in the demo team, shows an ISO date or the older ``26 Nov 2026``."""

from __future__ import annotations

import re

from tests.ui.every_page import cases, texts

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# ``05 Nov 2026``: a month cut to three letters (May is May in both), or a day with a leading zero.
OLDER = re.compile(r"\b(\d{2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|0\d [A-Z][a-z]+) \d{4}\b")
BROKEN = re.compile(r"\d{4}-\d{2}-\s")  # a date cut at a line's end: practice health's "2026-02-/10"


def test_no_page_writes_a_day_in_another_style_than_the_documents(shown, demo):
    wrong = []
    seen = 0
    for target, person in cases(demo):
        words = "\n".join(texts(shown(target.address, person)))
        seen += len(re.findall(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+ \d{4}\b", words))
        for pattern in (ISO, OLDER, BROKEN):
            wrong += [(target.address, person, m.group(0)) for m in pattern.finditer(words)]
    assert wrong == []
    assert seen > 100  # the pages do write days, in the one style

"""Every page of the app, for everyone in the demo team, is marked up as a screen reader reads it
(what axe-core checks in the browser, here without one): headings that go down one level at a
time under the notebook's title, and no table header without words."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from tests.ui.every_page import cases, texts

HEADING = re.compile(r"<h([1-6])\b")
EMPTY_HEADER = re.compile(r"<th\b[^>]*>\s*</th>")


def skipped_levels(html: str) -> list[str]:
    """Each heading that sits more than one level below the one before it (the notebook's title
    is the page's level 1)."""
    level, out = 1, []
    for found in HEADING.finditer(html):
        new = int(found.group(1))
        if new > level + 1:
            out.append(html[found.start() : found.start() + 60])
        level = new
    return out


@pytest.mark.parametrize(
    ("html", "skipped"),
    [
        ("<h2>a</h2><h3>b</h3><h2>c</h2>", 0),
        ("<h2>a</h2><h4>b</h4>", 1),
        ("<h3>a</h3>", 1),
        ("<h2>a</h2><h3>b</h3><h3>c</h3><h2>d</h2><h3>e</h3>", 0),
    ],
)
def test_a_heading_that_skips_a_level_is_found(html, skipped):
    assert len(skipped_levels(html)) == skipped


def test_no_page_skips_a_heading_level_or_leaves_a_table_header_empty(shown, demo):
    skipped, empty, headings = [], [], 0
    for target, person in cases(demo):
        html = "\n".join(texts(shown(target.address, person)))
        headings += len(HEADING.findall(html))
        skipped += [(target.address, person, h) for h in skipped_levels(html)]
        empty += [(target.address, person, m.group(0)) for m in EMPTY_HEADER.finditer(html)]
    assert skipped == []
    assert empty == []
    assert headings > 50  # the pages do have headings to check


NAMED = (w.Text, w.Textarea, w.Dropdown, w.DatePicker, w.Checkbox, w.IntText, w.BoundedIntText, w.Button)
"""The controls whose name a screen reader takes from their description (a placeholder is no
name: ipywidgets writes an empty label for the field, and chromium reads that)."""


def controls(widget: w.Widget) -> list[w.Widget]:
    out = [widget] if isinstance(widget, NAMED) and widget.layout.display != "none" else []
    for child in getattr(widget, "children", ()):
        out += controls(child)
    return out


def name_of(control: w.Widget) -> str:
    return re.sub(r"<[^>]+>", "", html.unescape(control.description or "")).strip()


def test_every_control_on_every_page_has_a_name_and_repeated_ones_say_what_they_are_about(shown, demo):
    unnamed, repeated, seen = [], [], 0
    for target, person in cases(demo):
        found = controls(shown(target.address, person))
        seen += len(found)
        unnamed += [
            (target.address, person, type(c).__name__, getattr(c, "placeholder", ""))
            for c in found
            if not name_of(c)
        ]
        names = [name_of(c) for c in found if not isinstance(c, w.Button)]
        repeated += [(target.address, person, n) for n in sorted(set(names)) if n and names.count(n) > 1]
    print("UNNAMED", unnamed)
    print("REPEATED", repeated)
    assert unnamed == []
    assert repeated == []
    assert seen > 100


def test_a_part_shown_on_asking_opens_from_a_button_that_says_whether_it_is_open():
    from careernb.views.kit.frame import disclosure

    content = w.HTML("the checklist")
    part = disclosure("Checklist", content, "careernb-checklists")
    assert isinstance(part.toggle, w.Button)  # a button: reached and pressed from the keyboard
    assert (part.toggle.description, content.layout.display) == ("Show: Checklist", "none")
    part.toggle.click()
    assert (part.toggle.description, content.layout.display) == ("Hide: Checklist", None)
    part.toggle.click()
    assert (part.toggle.description, content.layout.display) == ("Show: Checklist", "none")
    assert "careernb-checklists" in part._dom_classes


def test_an_error_and_a_save_that_failed_are_read_out_as_they_appear_and_a_save_as_a_status():
    from careernb.errors import CareernbError
    from careernb.views.kit.autosave import SaveStatus
    from careernb.views.kit.errors import ErrorPanel

    errors, status = ErrorPanel(), SaveStatus()
    errors.show(CareernbError("people.csv, row 3: a date that is not one"))
    assert re.fullmatch(
        r'<div class="careernb-error" role="alert"[^>]*>people\.csv, row 3: .*</div>', errors.value
    )
    status.failed()
    assert 'role="alert"' in status.value and "Not saved" in status.value
    status.pending()
    assert 'role="status"' in status.value and "Saving" in status.value
    status.saved()
    assert 'role="status"' in status.value and "Saved at" in status.value


def _every_widget(widget: w.Widget) -> list[w.Widget]:
    return [widget, *(d for child in getattr(widget, "children", ()) for d in _every_widget(child))]


ICON_RULE = re.compile(r'\.fa\.fa-([a-z-]+)::before \{ content: "\\[0-9a-f]{4}" / ""; \}')
SHOWN_LATER = {"pause", "chevron-down"}
"""Icons a button takes once clicked: the conversation's clock running, a part shown."""


def test_every_icon_a_button_shows_is_silent_to_a_screen_reader(shown, demo):
    from careernb.views.kit.style import _SHEET

    silent = set(ICON_RULE.findall(_SHEET.read_text(encoding="utf-8")))
    used = set(SHOWN_LATER)
    for target, person in cases(demo):
        used |= {
            b.icon
            for b in _every_widget(shown(target.address, person))
            if isinstance(b, (w.Button, w.FileUpload)) and b.icon
        }
    assert len(used) > 8
    assert sorted(used - silent) == []

"""The kit's palette reads well: words at 4.5:1 or more on every background the panels use, a
button's words on its colour too, and the focus outline at 3:1 against the page (WCAG AA)."""

from __future__ import annotations

import pytest

from careernb.views.kit import style


def luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rgb`` or ``#rrggbb``."""
    hex_ = colour.lstrip("#")
    hex_ = "".join(c * 2 for c in hex_) if len(hex_) == 3 else hex_
    channels = [int(hex_[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [("#000", "#fff", 21.0), ("#fff", "#fff", 1.0), ("#777", "#fff", 4.48), ("#f57c00", "#fff", 2.7)],
)
def test_contrast_is_computed_as_wcag_defines_it(a, b, ratio):
    assert contrast(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("background", style.BACKGROUNDS)
def test_every_colour_for_words_reads_at_4_5_to_1_on_every_background(background):
    low = {w: round(contrast(w, background), 2) for w in style.WORDS if contrast(w, background) < 4.5}
    assert low == {}


@pytest.mark.parametrize("button", [style.PRIMARY, style.SUCCESS, style.WARNING, style.DANGER, style.INFO])
def test_a_buttons_white_words_read_at_4_5_to_1(button):
    assert contrast("#fff", button) >= 4.5


def test_the_focus_outline_stands_out_from_the_page_at_3_to_1():
    assert all(contrast(style.FOCUS, b) >= 3 for b in style.BACKGROUNDS)


def test_every_colour_named_in_the_stylesheet_comes_from_the_palette():
    sheet = style.stylesheet()
    assert sheet.startswith("<style>") and sheet.endswith("</style>")
    used = {part.split(")")[0] for part in sheet.split("var(--careernb-")[1:]}
    defined = {part.split(":")[0] for part in sheet.split("--careernb-")[1:] if ":" in part.split(";")[0]}
    assert used and used <= defined

"""Every page of `careernb app` as a keyboard and a screen reader meet it, and an address that is
no page: axe-core finds no violation, a skip link leads past the navigation bar to the page,
the page has its title, its language and one main landmark; `/nosuchpage` says so, under the
navigation bar, with the way back to the team.
"""

from __future__ import annotations

import pytest

from careernb.views.kit import style
from careernb.views.pages import BY_ADDRESS, HOME, PAGES
from tests.e2e.conftest import APP_CONTROL, app_address, axe_violations, open_app_page, snap

VOILA_NOTEBOOK = "team"  # the page `careernb app` opens on: the voila_app fixture passes it
PERSON = "007"
WAIT = 180_000  # ms


CONTROLS = {
    "textbox",
    "combobox",
    "checkbox",
    "spinbutton",
    "button",
    "Date",
    "InputTime",
    "radio",
    "listbox",
}


def control_names(page) -> list[tuple[str, str]]:
    """(role, name) of each control as chromium gives it to a screen reader: what axe does not
    check, as it takes a placeholder for a name."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n) -> str:
        return n.get("role", {}).get("value", "")

    def inside_a_date(n) -> bool:  # a date field's own day, month and year: the browser's parts
        while (n := by_id.get(n.get("parentId"))) is not None:
            if role(n) in ("Date", "InputTime", "DateTime"):
                return True
        return False

    return [
        (role(n), n.get("name", {}).get("value", "").strip())
        for n in nodes
        if not n.get("ignored") and role(n) in CONTROLS and not inside_a_date(n)
    ]


@pytest.mark.parametrize("target", PAGES, ids=lambda p: p.address)
def test_the_page_passes_axe_with_no_violation_and_every_control_has_a_name_of_its_own(
    voila_app, page, target
):
    open_app_page(page, voila_app, app_address(target, PERSON))
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], f"{target.address} fails axe-core: {violations}"
    named = control_names(page)
    assert named, "no control found"
    assert [role for role, name in named if not name] == [], named
    glyphs = [name for _, name in named if any("\ue000" <= c <= "\uf8ff" for c in name)]
    assert glyphs == [], f"an icon's private-use character read as part of a name: {glyphs}"
    fields = [name for role, name in named if role != "button"]
    assert sorted({n for n in fields if fields.count(n) > 1}) == [], named


def test_the_not_found_page_passes_axe_with_no_violation(voila_app, page):
    page.goto(f"{voila_app.url}/nosuchpage")
    assert axe_violations(page) == []


@pytest.mark.parametrize("target", [PAGES[1], HOME], ids=lambda p: p.address)
def test_a_page_has_its_title_its_language_one_main_and_a_skip_link_to_the_panel(voila_app, page, target):
    page.set_default_timeout(WAIT)
    open_app_page(page, voila_app, app_address(target, PERSON))
    assert page.title() == f"{target.title} · careernb"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("main").locator(".careernb-app-page").count() == 1

    page.keyboard.press("Tab")  # the first thing the keyboard reaches
    skip = page.locator(".careernb-skip")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.is_visible() and skip.inner_text() == "Skip to the page"
    snap(page, f"app-skip-link-{target.address}")
    page.keyboard.press("Enter")
    focused = page.evaluate(
        "() => { const bar = document.querySelector('.careernb-app-page > .careernb-nav');"
        " return document.activeElement === bar.nextElementSibling; }"
    )
    assert focused, "the skip link did not move the focus to the panel below the navigation bar"
    # The next Tab goes into the panel, not back through the navigation bar.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.closest('.careernb-nav')")


def test_an_address_that_is_no_page_says_so_under_the_navigation_bar(voila_app, page):
    page.set_default_timeout(WAIT)
    answer = page.goto(f"{voila_app.url}/nosuchpage?person=007")
    assert answer.status == 404
    assert page.title() == "No such page · careernb"
    assert "/nosuchpage" in page.locator("main").inner_text()
    links = page.locator('nav[aria-label="careernb pages"] a')
    assert links.all_inner_texts() == [p.title for p in PAGES]
    assert [
        a.rsplit("/", 1)[-1] for a in map(lambda i: links.nth(i).get_attribute("href"), range(len(PAGES)))
    ] == [p.address for p in PAGES]
    broken = links.evaluate_all("as => as.filter(a => a.getClientRects().length > 1).map(a => a.innerText)")
    assert broken == [], "a page's name breaks across lines in the bar"
    snap(page, "app-not-found")
    page.locator("main a.careernb-to-team").click()
    page.wait_for_url(f"{voila_app.url}/{HOME.address}")
    page.locator(APP_CONTROL).first.wait_for()


_FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), cls: String(e.className).slice(0, 60),
          inPanel: !!e.closest('.careernb-kit'), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), colour: s.outlineColor};
}"""


@pytest.mark.parametrize("target", [HOME, BY_ADDRESS["contract"]], ids=lambda p: p.address)
def test_every_control_the_keyboard_reaches_shows_a_clear_outline(voila_app, page, target):
    page.set_default_timeout(WAIT)
    open_app_page(page, voila_app, app_address(target, PERSON))
    page.wait_for_load_state("networkidle")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(_FOCUS))
    mine = [r for r in reached if r["inPanel"]]
    kinds = {"a", "button"} if target is HOME else {"button", "select"}
    assert {r["tag"] for r in mine} >= kinds  # the walk reached the panel's kinds of control
    focus = "rgb({}, {}, {})".format(*(int(style.FOCUS[i : i + 2], 16) for i in (1, 3, 5)))
    faint = [r for r in mine if r["style"] != "solid" or r["width"] < 3 or r["colour"] != focus]
    assert faint == [], f"controls without the kit's focus outline: {faint}"
    snap(page, f"app-focus-{target.address}")


def test_a_choice_of_a_few_answers_is_radios_that_say_which_is_chosen_and_the_keyboard_makes(voila_app, page):
    """The conversation's one-session-or-three: a screen reader hears which is chosen (ipywidgets'
    ToggleButtons said neither); Tab reaches each, Space chooses, and the focus shows on its button."""
    page.set_default_timeout(WAIT)
    open_app_page(page, voila_app, app_address(BY_ADDRESS["direction"], PERSON))
    one, three = (
        page.get_by_role("radio", name=n) for n in ("three phases of one session", "three separate sessions")
    )
    assert [one.is_checked(), three.is_checked()] == [True, False]
    for _ in range(40):
        page.keyboard.press("Tab")
        if three.evaluate("e => e === document.activeElement"):
            break
    label = page.locator(".careernb-format label", has_text="three separate sessions")
    outline = label.evaluate(
        "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]"
    )
    assert outline == ["solid", 3], "the focused choice shows no outline"
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.careernb-format input[value=\"1\"]').checked"
        " && !document.querySelector('.careernb-format input[value=\"0\"]').checked"
    )
    snap(page, "app-choice-focused")
    page.get_by_role("button", name="Start the conversation").click()
    page.get_by_role("radio", name="1. Where are you now?").wait_for()  # the phase bar of the session
    assert page.get_by_role("radio", name="2. Where do you want to go?").is_checked()

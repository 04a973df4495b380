"""The one Jinja set-up of documents and panels: typed text escaped, missing names fail, dates for people."""

from __future__ import annotations

import datetime as dt

import jinja2
import pytest

from careernb.documents.templating import environment
from careernb.domain.dates import human_date

DAY = dt.date(2026, 11, 26)


@pytest.fixture(params=["careernb.documents", "careernb.views.kit"])
def env(request):
    return environment(request.param)


def test_the_package_templates_folder_is_loaded(env):
    assert env.list_templates()


def test_typed_text_is_escaped(env):
    assert env.from_string("{{ typed }}").render(typed="<b>&") == "&lt;b&gt;&amp;"


def test_a_name_missing_from_the_context_fails_instead_of_showing_nothing(env):
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_dates_are_written_by_the_one_formatter(env):
    written = "{{ d | human }}|{{ d | human(year=False) }}|{{ m | month }}|{{ 2 | months_ago }}"
    template = env.from_string(written)
    written = template.render(d=DAY, m="2027-01")
    assert written == f"{human_date(DAY)}|Thu 26 November|January 2027|2 months ago"


def test_options_reach_the_environment():
    env = environment("careernb.views.kit", finalize=lambda v: "" if v is None else v)
    assert env.from_string("[{{ nothing }}]").render(nothing=None) == "[]"

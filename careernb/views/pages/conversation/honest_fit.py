"""Handling Ambition That Does Not Fit the Current Org: the honest-fit assessment."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import traitlets as t

from careernb.domain import playbook
from careernb.domain.aspirations import Fit, FitAssessment, latest_fit
from careernb.domain.dates import human_date
from careernb.store import new_id
from careernb.views.kit import style
from careernb.views.kit.frame import choice
from careernb.views.kit.markup import css, esc, labelled
from careernb.views.kit.records import DatedRecordModel

EXPLORATIONS = tuple(playbook.FIT_EXPLORATIONS)  # partial_paths, timeline, in_parallel, transition


class FitModel(DatedRecordModel):
    fit = t.UseEnum(Fit, allow_none=True, default_value=None)
    said_honestly = t.Bool(False)
    partial_paths = t.Unicode("")
    timeline = t.Unicode("")
    in_parallel = t.Unicode("")
    transition = t.Unicode("")

    def record(self) -> FitAssessment | None:
        """Saved once a fit is chosen; the notes alone are kept until then."""
        if self.fit is None:
            return None
        return self.kept(
            lambda **values: FitAssessment(
                new_id("f"), self.person_id, self.day, conversation_id=self.conversation_id, **values
            )
        )


class FitView(w.VBox):
    def __init__(self, model: FitModel, earlier: list[FitAssessment], on_change: Callable[[], None]) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-fit")
        self.model = model
        before = latest_fit(earlier)
        last = (
            f'<div class="careernb-fit-last" style="color:{style.SOFT}">Last assessed '
            f"{human_date(before.assessed)}: "
            f"{esc(before.fit.value)}</div>"
            if before
            else ""
        )
        head = w.HTML(
            f"<div style='color:{style.SOFT}'>Can this organisation take them where they want to go?</div>"
            + last
        )
        self.fit = choice([(f.value, f) for f in Fit], None, "careernb-fit-choice")
        self.script = w.HTML(
            '<div style="margin:6px 0">'
            f"{esc(playbook.FUDGE)} <b>{esc(playbook.BE_HONEST)}</b></div>"
            f'<blockquote class="careernb-honest-script" style="border-left:3px solid '
            f"{style.NAVY};margin:6px 0;"
            f'padding:4px 10px;background:{style.MIST_BG}">“{esc(playbook.HONEST_SCRIPT)}”</blockquote>'
            f'<div style="color:{style.SOFT}">{esc(playbook.HIGHEST_TRUST)}</div>'
        )
        self.said = w.Checkbox(description="I named the constraint to them, honestly", indent=False)
        css(self.said, "careernb-said-honestly")
        self.notes: dict[str, w.Textarea] = {}
        rows: list[w.Widget] = [w.HTML(f"<b>{esc(playbook.AFTER_NAMING)}</b>")]
        for name in EXPLORATIONS:
            area = w.Textarea(placeholder="Your note", rows=2, layout=w.Layout(width="100%"))
            labelled(area, playbook.FIT_EXPLORATIONS[name])
            css(area, "careernb-exploration", f"careernb-exploration-{name.replace('_', '-')}")
            w.link((model, name), (area, "value"))
            self.notes[name] = area
            question = w.HTML(f"<div style='margin-top:4px'>{esc(playbook.FIT_EXPLORATIONS[name])}</div>")
            rows.append(w.VBox([question, area], layout=w.Layout(width="100%")))
        self.honest = w.VBox([self.script, self.said, *rows], layout=w.Layout(width="100%"))
        css(self.honest, "careernb-fit-honest")
        self.children = [head, self.fit, self.honest]
        w.link((model, "fit"), (self.fit, "value"))
        w.link((model, "said_honestly"), (self.said, "value"))
        model.observe(lambda _c: on_change(), ["fit", "said_honestly", *EXPLORATIONS])
        model.observe(self._render, "fit")
        self._render()

    def _render(self, _change: object = None) -> None:
        f = self.model.fit
        self.honest.layout.display = None if f is not None and f.needs_honesty else "none"

"""One question with its answer field, and the surface-answer follow-up one click away.

Model: :class:`AnswerModel` (traitlets, no widgets). View: :class:`QuestionCard`,
linked to the model. The panel in :mod:`careernb.views.pages.conversation.panel`
saves the model through the store as it changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w
import traitlets as t

from careernb.domain import playbook
from careernb.domain.conversations import Answer
from careernb.domain.dates import human_date
from careernb.domain.questions import Question, Source
from careernb.errors import ChangedElsewhereError
from careernb.views.kit import style
from careernb.views.kit.answer_field import AnswerField
from careernb.views.kit.autosave import Update
from careernb.views.kit.markup import about, css, esc

TRUST_BADGE = playbook.ASK_ONLY_WITH_TRUST


class AnswerModel(t.HasTraits):
    """What was said to one question in one conversation."""

    answer = t.Unicode("")
    underneath = t.Unicode("")
    share = t.Bool(False)
    follow_up = t.Bool(False)
    """The surface-answer follow-up was asked: 'the version underneath' is open."""
    stored_at = t.Instance(dt.datetime, allow_none=True)
    """When the store last wrote (or held, when loaded) :attr:`stored_answer` and the rest."""

    def __init__(self, question: Question, saved: Answer | None = None) -> None:
        super().__init__()
        self.question = question
        self.stored_answer = self.stored_underneath = ""
        if saved is not None:
            self.stored_answer, self.stored_underneath = saved.answer, saved.underneath
            self.stored_at = saved.updated
            self.answer = saved.answer
            self.underneath = saved.underneath
            self.share = saved.share
            self.follow_up = bool(saved.underneath)
        self.stored = saved is not None

    def record(self, person_id: str, conversation_id: str) -> Answer | None:
        """The row to save; None while nothing was ever typed (no empty rows)."""
        if not self.stored and not (self.answer or self.underneath or self.share):
            return None
        self.stored = True
        return Answer(
            person_id,
            conversation_id,
            self.question.question_id,
            self.answer,
            self.underneath,
            self.share and not self.question.trust_gated,
            dt.datetime.now().replace(microsecond=0),
        )

    def saving(self, person_id: str, conversation_id: str) -> Update | None:
        """The row to save, written only over what this page last read or wrote of it: an answer
        another window changed meanwhile is refused (``ChangedElsewhereError``), never overwritten."""
        answer = self.record(person_id, conversation_id)
        if answer is None:
            return None
        seen = (self.stored_answer, self.stored_underneath)
        key = (conversation_id, self.question.question_id)

        def change(rows: list[Answer]) -> list[Answer]:
            out, found = [], False
            for r in rows:
                if (r.conversation_id, r.question_id) == key:
                    if (r.answer, r.underneath) not in (seen, (answer.answer, answer.underneath)):
                        saved = f"{human_date(r.updated.date())} at {r.updated:%H:%M}" if r.updated else ""
                        raise ChangedElsewhereError(f"The answer to “{self.question.text}”", saved)
                    r, found = answer, True
                out.append(r)
            return out if found else [*out, answer]

        return Update(Answer, person_id, change, carries=answer)

    def confirmed(self, written: Answer) -> None:
        """The store wrote ``written``: what it now holds, for fields that keep unsaved text."""
        self.stored_answer, self.stored_underneath = written.answer, written.underneath
        self.stored_at = max(dt.datetime.now(), written.updated or dt.datetime.min)


def _badge(text: str, colour: str, cls: str) -> str:
    return (
        f'<span class="{cls}" style="font-size:11px;font-weight:normal;background:{colour};'
        f'border-radius:3px;padding:1px 5px;margin-left:6px">{esc(text)}</span>'
    )


class QuestionCard(w.VBox):
    """The question, their answer, and 'the version underneath' behind one click."""

    def __init__(
        self,
        model: AnswerModel,
        keep: Callable[[str], str] | None = None,
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        """``keep(part)`` names where the browser keeps unsaved text of ``answer`` or
        ``underneath``; ``on_leave`` saves now (the field lost focus, the page was hidden)."""
        super().__init__(layout=w.Layout(margin="0 0 14px 0", width="100%"))
        q = model.question
        self.model = model
        slug = q.question_id.replace(".", "-")
        css(self, "careernb-question", f"careernb-question-{slug}")
        if q.trust_gated:
            css(self, "careernb-trust-gated")
        badges = ""
        if q.source is Source.MANAGER:
            badges += _badge("your question", style.OWN_QUESTION_BG, "careernb-own-question")
        if q.trust_gated:
            badges += _badge(TRUST_BADGE, style.TRUST_BG, "careernb-trust-badge")
        self.text = w.HTML(f'<div style="font-weight:600;line-height:1.35">“{esc(q.text)}”{badges}</div>')

        def field(part: str, text: str, label: str, placeholder: str = "") -> AnswerField:
            """The field for ``answer`` or ``underneath``: kept apart in the browser, styled by part."""
            area = AnswerField(
                text,
                placeholder=placeholder or label,
                label=f"{label}: {q.text}",
                keep_as=keep(part) if keep else "",
                saved_at=model.stored_at,
                on_leave=on_leave,
                layout=w.Layout(width="100%"),
            )
            css(area, f"careernb-{part}", f"careernb-{part}-{slug}")
            return area

        self.answer = field("answer", model.stored_answer, "Their answer", "Their answer, in their words")
        self.ask_underneath = w.Button(
            description="Ask for the version underneath",
            tooltip=f"When they give a surface answer: \u201c{playbook.SURFACE_FOLLOW_UP}\u201d",
            layout=w.Layout(width="auto"),
        )
        css(self.ask_underneath, "careernb-follow-up")
        self.share = about(w.Checkbox(description="share this answer with them", indent=False), q.text)
        css(self.share, "careernb-share")
        self.follow_up_text = w.HTML(
            f'<div style="font-style:italic;color:{style.DARK};margin-top:4px">'
            f"“{esc(playbook.SURFACE_FOLLOW_UP)}”</div>"
        )
        self.underneath = field("underneath", model.stored_underneath, "The version underneath")
        self.underneath_box = w.VBox([self.follow_up_text, self.underneath], layout=w.Layout(width="100%"))
        spacer = w.Box(layout=w.Layout(flex="1 1 auto"))
        controls = [self.ask_underneath, spacer] + ([] if q.trust_gated else [self.share])
        self.children = [
            self.text,
            self.answer,
            w.HBox(controls, layout=w.Layout(align_items="center", width="100%")),
            self.underneath_box,
        ]
        w.link((model, "answer"), (self.answer, "value"))
        w.link((model, "underneath"), (self.underneath, "value"))
        w.link((model, "share"), (self.share, "value"))
        self.ask_underneath.on_click(lambda _: setattr(model, "follow_up", True))
        model.observe(self._show_follow_up, "follow_up")
        model.observe(self._stored, "stored_at")
        self._show_follow_up()

    def _stored(self, _change: object = None) -> None:
        self.answer.confirm(self.model.stored_answer, self.model.stored_at)
        self.underneath.confirm(self.model.stored_underneath, self.model.stored_at)

    def _show_follow_up(self, _change: object = None) -> None:
        opened = self.model.follow_up
        self.underneath_box.layout.display = None if opened else "none"
        self.ask_underneath.layout.display = "none" if opened else None


def watch(model: AnswerModel, on_change: Callable[[AnswerModel], None]) -> None:
    """Call ``on_change`` whenever what would be saved changes."""
    model.observe(lambda _c: on_change(model), ["answer", "underneath", "share"])

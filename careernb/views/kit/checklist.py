"""The playbook's checklists, ticked per conversation and stored with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.checklists import ITEMS, ChecklistTick, Stage, progress
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.autosave import Autosaver
from careernb.views.kit.markup import css, esc


class ChecklistView(w.VBox):
    """Checkboxes for some stages of the checklist; each click is saved at once."""

    def __init__(
        self,
        store: Store,
        person_id: str,
        conversation_id: str | None,
        stages: tuple[Stage, ...],
        autosaver: Autosaver,
        *,
        before_tick: Callable[[], None] | None = None,
    ) -> None:
        """``before_tick`` runs before a tick is saved: the page keeps the conversation it
        belongs to first."""
        super().__init__()
        css(self, "careernb-checklist")
        self.before_tick = before_tick
        self.store = store
        self.person_id = person_id
        self.stages = stages
        self.autosaver = autosaver
        self.conversation_id: str | None = None
        self.boxes: dict[str, w.Checkbox] = {}
        self._titles: dict[Stage, w.HTML] = {}
        self._note = css(w.HTML(), "careernb-checklist-note")
        rows: list[w.Widget] = [self._note]
        for stage in stages:
            title = css(w.HTML(), "careernb-checklist-title")
            self._titles[stage] = title
            rows.append(title)
            for item, text in ITEMS[stage].items():
                # Its words are its label: a click on them ticks it, a screen reader reads them.
                box = w.Checkbox(value=False, description=text, indent=False, layout=w.Layout(width="auto"))
                css(box, "careernb-checklist-item", f"careernb-item-{item.replace('.', '-')}")
                box.observe(self._ticked(item), "value")
                self.boxes[item] = box
                rows.append(box)
        self.children = rows
        self._loading = False
        self.set_conversation(conversation_id)

    def set_conversation(self, conversation_id: str | None) -> None:
        """Show (and save against) the ticks of this conversation."""
        self.conversation_id = conversation_id
        ticks = (
            [
                t
                for t in self.store.load(ChecklistTick, self.person_id)
                if t.conversation_id == conversation_id
            ]
            if conversation_id
            else []
        )
        done = {t.item for t in ticks if t.done}
        self._loading = True
        try:
            for item, box in self.boxes.items():
                box.value = item in done
                box.disabled = conversation_id is None
        finally:
            self._loading = False
        self._note.value = (
            f'<i style="color:{style.GREY}">Book the conversation first: the checklist is kept with it.</i>'
            if conversation_id is None
            else ""
        )
        self._render_titles()

    def _ticked(self, item: str):
        def changed(change: dict) -> None:
            if self._loading or self.conversation_id is None:
                return
            cid, done = self.conversation_id, bool(change["new"])
            if self.before_tick is not None:
                self.before_tick()
            self.autosaver.now(
                ("checklist", cid, item),
                lambda: ChecklistTick(
                    self.person_id, cid, item, done, dt.datetime.now().replace(microsecond=0)
                ),
            )
            self._render_titles()

        return changed

    def ticks(self) -> list[ChecklistTick]:
        return [
            ChecklistTick(self.person_id, self.conversation_id or "", item, box.value)
            for item, box in self.boxes.items()
        ]

    def _render_titles(self) -> None:
        ticks = self.ticks()
        for stage, title in self._titles.items():
            done, total = progress(ticks, stage)
            title.value = (
                f"<b>{esc(stage.title)}</b> <span style='color:{style.GREY}'>{done} of {total}</span>"
            )

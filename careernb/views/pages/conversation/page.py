"""One conversation's page for a person: which conversation to hold (booked, in progress, or new),
then its panel.

The notebooks call :func:`~careernb.views.pages.conversation.where_are_you_now`,
:func:`~careernb.views.pages.conversation.where_do_you_want_to_go` or
:func:`~careernb.views.pages.conversation.how_do_we_close_the_gap`, which open it for the person chosen.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.sessions import Format, covering, preferred_format, to_open
from careernb.errors import CareernbError
from careernb.store import Store, new_id
from careernb.views.kit.autosave import AUTOSAVE_SECONDS
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.frame import quote
from careernb.views.kit.markup import css
from careernb.views.kit.person import close_panel
from careernb.views.pages.conversation import Phase
from careernb.views.pages.conversation.panel import SHORT, ConversationPanel, describe

NEW = "new"


class ConversationPage(w.VBox):
    """Which conversation to hold (booked, in progress, or new), then its panel."""

    def __init__(
        self,
        store: Store,
        person_id: str,
        phase: ConversationKind,
        conversation_id: str | None = None,
        *,
        today: dt.date | None = None,
        delay: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-conversation-page")
        self.store = store
        self.phase = phase
        self.today = today or dt.date.today()
        self.delay = delay
        self.person = next(p for p in store.load(Person) if p.person_id == person_id)
        self.errors = ErrorPanel()
        conversations = store.load(Conversation, person_id)
        self._by_id = {c.conversation_id: c for c in covering(conversations, phase)}
        chosen = to_open(conversations, phase, self.today)
        if conversation_id is not None:
            if conversation_id in self._by_id:
                chosen = self._by_id[conversation_id]
            else:
                self.errors.show(
                    CareernbError(
                        f"{self.person.name} has no conversation {conversation_id!r} that holds "
                        f"'{phase.value}'; choose one below or start a new one."
                    )
                )
        options = [("Start a new conversation", NEW)] + [(describe(c), cid) for cid, c in self._by_id.items()]
        self.chooser = w.Dropdown(
            options=options,
            value=chosen.conversation_id if chosen else NEW,
            description="Conversation",
            style={"description_width": "initial"},
            layout=w.Layout(width="560px"),
        )
        css(self.chooser, "careernb-conversation-chooser")
        self.format = w.ToggleButtons(
            options=[(f.value, f) for f in Format],
            value=preferred_format(conversations),
            style={"button_width": "auto"},
        )
        css(self.format, "careernb-format")
        self.start = css(
            w.Button(
                description="Start the conversation", button_style="primary", layout=w.Layout(width="auto")
            ),
            "careernb-start",
        )
        self.start.on_click(self.errors.guard(self._start))
        self.starter = w.VBox([quote(playbook.THREE_WAYS), self.format, self.start])
        css(self.starter, "careernb-starter")
        self.holder = w.VBox(layout=w.Layout(width="100%"))
        self.panel: ConversationPanel | None = None
        self._relabelling = False
        self.chooser.observe(
            self.errors.guard(lambda c: None if self._relabelling else self._open(c["new"])), "value"
        )
        self.children = [self.chooser, self.errors, self.starter, self.holder]
        self._open(self.chooser.value)

    def _open(self, conversation_id: str) -> None:
        if self.panel is not None:
            close_panel(self.panel)
            self.panel = None
        if conversation_id == NEW:
            self.starter.layout.display = None
            self.holder.children = []
            return
        self.starter.layout.display = "none"
        self.panel = ConversationPanel(
            self.store,
            self.person,
            self._by_id[conversation_id],
            self.phase,
            today=self.today,
            delay=self.delay,
        )
        self.panel.controller.on_held = self._relabel
        self.holder.children = [self.panel]

    def _relabel(self, c: Conversation) -> None:
        """A booked conversation now being held says so in the chooser."""
        self._by_id[c.conversation_id] = c
        self._relabelling = True  # new options reset the value; the panel stays open
        try:
            self.chooser.options = [
                self.chooser.options[0],
                *((describe(k), cid) for cid, k in self._by_id.items()),
            ]
            self.chooser.value = c.conversation_id
        finally:
            self._relabelling = False

    def _start(self, _b: object = None) -> None:
        fmt: Format = self.format.value
        c = Conversation(new_id("c"), self.person.person_id, fmt.kind_for(self.phase), held=self.today)
        self.store.save(c)
        self._by_id = {c.conversation_id: c, **self._by_id}
        self.chooser.options = [
            self.chooser.options[0],
            (describe(c), c.conversation_id),
            *self.chooser.options[1:],
        ]
        self.chooser.value = c.conversation_id

    def flush(self) -> None:
        if self.panel is not None:
            self.panel.flush()


PHASES: dict[Phase, ConversationKind] = {short: kind for kind, short in SHORT.items()}
"""The three conversations by their short names."""

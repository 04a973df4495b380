"""One conversation's page for a person: which conversation to hold (booked, in progress, or new),
then its panel.

The notebooks call :func:`~careernb.views.pages.conversation.where_are_you_now`,
:func:`~careernb.views.pages.conversation.where_do_you_want_to_go` or
:func:`~careernb.views.pages.conversation.how_do_we_close_the_gap`, which open it for the person chosen.

"Start the conversation" writes nothing: the conversation is kept once something is said in
it or it is marked held, and from then on :attr:`ConversationPage.conversation_id` names it
(the app puts it in the page's address).
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from careernb.domain import playbook
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.sessions import Format, Removal, covering, preferred_format, to_open
from careernb.errors import CareernbError
from careernb.store import Store, new_id
from careernb.views.kit import style
from careernb.views.kit.autosave import AUTOSAVE_SECONDS
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import fragment
from careernb.views.kit.frame import choice, quote
from careernb.views.kit.markup import css
from careernb.views.kit.parameters import OnTheDay, Today
from careernb.views.kit.person import PersonPage, close_panel
from careernb.views.pages.conversation import Phase
from careernb.views.pages.conversation.controller import describe
from careernb.views.pages.conversation.panel import SHORT, ConversationPanel

NEW = "new"


class ConversationPage(OnTheDay, w.VBox):
    """Which conversation to hold (booked, in progress, or new), then its panel."""

    conversation_id = traitlets.Unicode(None, allow_none=True)
    """The conversation shown, once it is kept in the store; None for a new one."""

    def __init__(
        self,
        store: Store,
        person_id: str,
        phase: ConversationKind,
        conversation_id: str | None = None,
        *,
        today: Today | dt.date | None = None,
        delay: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-conversation-page")
        self.store = store
        self.phase = phase
        self._today = Today.of(today)
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
        self.format = choice(
            [(f.value, f) for f in Format], preferred_format(conversations), "careernb-format"
        )
        self.start = css(
            w.Button(
                description="Start the conversation", button_style="primary", layout=w.Layout(width="auto")
            ),
            "careernb-start",
        )
        self.start.on_click(self.errors.guard(self._start))
        self.starter = w.VBox([quote(playbook.THREE_WAYS), self.format, self.start])
        css(self.starter, "careernb-starter")
        self.note = css(w.HTML(), "careernb-conversation-note")
        self.holder = w.VBox(layout=w.Layout(width="100%"))
        self.panel: ConversationPanel | None = None
        self._new: Conversation | None = None
        """A conversation started here and not yet kept: it leaves nothing when left."""
        self._relabelling = False
        self.chooser.observe(
            self.errors.guard(lambda c: None if self._relabelling else self._open(c["new"])), "value"
        )
        self.children = [self.chooser, self.errors, self.note, self.starter, self.holder]
        self._open(self.chooser.value)

    def _open(self, conversation_id: str) -> None:
        if self.panel is not None:
            close_panel(self.panel)
            self.panel = None
        self.note.value = ""
        if self._new is not None and conversation_id != self._new.conversation_id:
            self._new = None  # left before anything was said: nothing to keep, nothing to list
            self._relist(conversation_id)
        if conversation_id == NEW:
            self.starter.layout.display = None
            self.holder.children = []
            self.conversation_id = None
            return
        self.starter.layout.display = "none"
        fresh = self._new is not None
        self.panel = ConversationPanel(
            self.store,
            self.person,
            self._new or self._by_id[conversation_id],
            self.phase,
            today=self._today,
            delay=self.delay,
            written=not fresh,
        )
        self.panel.on_change = self._kept
        self.panel.on_deleted = self._deleted
        self.holder.children = [self.panel]
        self.conversation_id = None if fresh else conversation_id
        if fresh:
            self.panel.clock_view.start()  # the conversation starts now; the clock goes with it

    def _relist(self, value: str) -> None:
        """The chooser's options from what is kept (and the one just started), showing ``value``."""
        new = [(describe(self._new, kept=False), self._new.conversation_id)] if self._new else []
        self._relabelling = True  # new options reset the value; the panel stays as it is
        try:
            self.chooser.options = [
                self.chooser.options[0],
                *new,
                *((describe(k), cid) for cid, k in self._by_id.items()),
            ]
            self.chooser.value = value
        finally:
            self._relabelling = False

    def _kept(self, c: Conversation) -> None:
        """The conversation is in the store now, or its held day changed: list it and name it."""
        self._new = None
        if c.conversation_id in self._by_id:
            self._by_id[c.conversation_id] = c
        else:
            self._by_id = {c.conversation_id: c, **self._by_id}
        self._relist(c.conversation_id)
        self.conversation_id = c.conversation_id

    def _deleted(self, gone: Removal) -> None:
        """Gone from the store: gone from the chooser, and the page is back at a new conversation."""
        self._by_id.pop(gone.conversation.conversation_id, None)
        if self.panel is not None:
            close_panel(self.panel)
            self.panel = None
        self._relist(NEW)
        self._open(NEW)
        self.note.value = fragment("note", colour=style.GREEN, text=gone.done())

    def _start(self, _b: object = None) -> None:
        """A conversation starts: shown at once, kept only once something is said or it is marked held."""
        fmt: Format = self.format.value
        self._new = Conversation(new_id("c"), self.person.person_id, fmt.kind_for(self.phase))
        self._relist(self._new.conversation_id)
        self._open(self._new.conversation_id)

    def flush(self) -> None:
        if self.panel is not None:
            self.panel.flush()


class ConversationPersonPage(PersonPage):
    """A person picker over their conversation page; :attr:`conversation_id` follows the
    conversation shown, whoever is chosen (the app's address names it)."""

    conversation_id = traitlets.Unicode(None, allow_none=True)

    def show(self, person_id: str | None) -> None:
        super().show(person_id)
        page = self.panel
        if isinstance(page, ConversationPage):
            page.observe(lambda change: setattr(self, "conversation_id", change["new"]), "conversation_id")
            self.conversation_id = page.conversation_id
        else:
            self.conversation_id = None


PHASES: dict[Phase, ConversationKind] = {short: kind for kind, short in SHORT.items()}
"""The three conversations by their short names."""

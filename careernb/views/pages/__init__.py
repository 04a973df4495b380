"""The pages of careernb, listed once: the app, its navigation bar, ``import careernb``, the notebooks'
tests and the hub's start page all read :data:`PAGES`.

Each page is one package here, holding its model, its view and, where it has them, its controller,
HTML and templates. A package's ``__init__`` stays light (its ``show`` imports the view when
called), so reading this list loads no widget library: ``careernb --help``, ``import careernb`` and
the hub's configuration read it too.
"""

from __future__ import annotations

from careernb.views.kit.address import Notebook, Page, PageWithConversation
from careernb.views.pages import (
    check_in,
    contract,
    conversation,
    dashboard,
    health,
    prepare,
    quarter,
    replies,
    review,
    self_test,
)

# fmt: off
PAGES: tuple[Page, ...] = (
    Page(address="team", title="Your team", notebook="00-team-dashboard.ipynb",
         panel=dashboard.show, public_name="team_dashboard", for_person=False),
    Page(address="prepare", title="Prepare", notebook="01-prepare.ipynb",
         panel=prepare.show, public_name="prepare"),
    PageWithConversation(address="now", title="Where are you now?", notebook="02-where-are-you-now.ipynb",
                         panel=conversation.where_are_you_now, public_name="where_are_you_now"),
    PageWithConversation(address="direction", title="Where do you want to go?",
                         notebook="03-where-do-you-want-to-go.ipynb",
                         panel=conversation.where_do_you_want_to_go, public_name="where_do_you_want_to_go"),
    PageWithConversation(address="gap", title="How do we close the gap?",
                         notebook="04-how-do-we-close-the-gap.ipynb",
                         panel=conversation.how_do_we_close_the_gap, public_name="how_do_we_close_the_gap"),
    Page(address="contract", title="Contract", notebook="08-development-contract.ipynb",
         panel=contract.show, public_name="development_contract"),
    Page(address="replies", title="Replies", notebook="11-replies.ipynb",
         panel=replies.show, public_name="replies", for_person=False),
    Page(address="review", title="Monthly review", notebook="05-monthly-review.ipynb",
         panel=review.show, public_name="monthly_review"),
    Page(address="check-in", title="Check-in", notebook="06-informal-check-in.ipynb",
         panel=check_in.show, public_name="check_in"),
    Page(address="health", title="Practice health", notebook="07-practice-health.ipynb",
         panel=health.show, public_name="practice_health", for_person=False),
    Page(address="without-notes", title="Without notes", notebook="09-without-notes.ipynb",
         panel=self_test.show, public_name="without_notes", for_person=False),
    Page(address="quarter", title="The quarter", notebook="12-the-quarter.ipynb",
         panel=quarter.show, public_name="quarterly", for_person=False),
)
# fmt: on
"""The app's pages, in the navigation bar's order; the first is where the app opens."""

JUPYTERLAB_ONLY: tuple[Notebook, ...] = (
    Notebook(notebook="10-explore.ipynb", title="Explore your own data"),
)
"""Notebooks that are not pages of the app: code cells of the manager's own, in JupyterLab."""

HOME = PAGES[0]
BY_ADDRESS = {p.address: p for p in PAGES}
NOTEBOOKS: tuple[Notebook, ...] = (*PAGES, *JUPYTERLAB_ONLY)
"""Every notebook in notebooks/, each once."""

"""The contract builder's HTML: the findings, the header, and two versions side by side.

Pure functions from the model's records to fragments of the package's ``templates``;
every colour comes from :mod:`careernb.views.kit.style`.
"""

from __future__ import annotations

from collections.abc import Sequence

from careernb.domain import contract as rules
from careernb.domain.contract import Contract, Finding, Party
from careernb.domain.contract.wording import first_name
from careernb.views.kit import style
from careernb.views.kit.fragments import Fragments
from careernb.views.pages.contract.model import ContractModel

fragment = Fragments("careernb.views.pages.contract")

_BADGE = {
    rules.Change.ADDED: style.TEAL,
    rules.Change.DONE: style.GREEN,
    rules.Change.DROPPED: style.FAINT,
    rules.Change.PAUSED: style.AMBER,
    rules.Change.REDATED: style.BLUE,
    rules.Change.REWORDED: style.PURPLE,
    rules.Change.REOPENED: style.TEAL,
    rules.Change.REMOVED: style.RED,
    rules.Change.UNCHANGED: style.FAINT,
}
_WHO = {Party.MANAGER: "Manager", Party.PERSON: "Theirs"}


def diff_html(model: ContractModel, before: int, after: int) -> str:
    """What changed between two versions, side by side: added, done, dropped, re-dated, paused."""
    a_contract, a_rows, a_reviews = model.version_rows(before)
    b_contract, b_rows, b_reviews = model.version_rows(after)
    return fragment(
        "contract_diff",
        before=before,
        after=after,
        changes=rules.diff(a_rows, b_rows),
        badge=_BADGE,
        who=_WHO,
        question=(a_contract.open_question, b_contract.open_question),
        question_changed=a_contract.open_question != b_contract.open_question,
        review_points=(a_reviews, b_reviews),
        reviews_changed=[(r.month, r.aspect) for r in a_reviews] != [(r.month, r.aspect) for r in b_reviews],
    )


def attention_html(findings: Sequence[Finding]) -> str:
    """The findings, with the playbook's advice once per kind, under the first of them."""
    advised: set[str] = set()
    shown = []
    for f in findings:
        shown.append((f, f.advice not in advised))
        advised.add(f.advice)
    return fragment("contract_attention", findings=shown)


def header_html(name: str, contract: Contract) -> str:
    return fragment("contract_header", name=name, contract=contract)


def kept_html(name: str, contract: Contract) -> str:
    """Why an agreed or sent version is greyed out, and the way on; nothing for a draft."""
    if not contract.is_agreed:
        return ""
    return fragment("contract_kept", contract=contract, first_name=first_name(name))


def send_note_html(state: tuple[str, str] | None) -> str:
    """Sent late in red, sent in green, still to send in grey."""
    if state is None:
        return ""
    note, tone = state
    colour = {"late": style.RED, "sent": style.GREEN, "waiting": style.MUTED}[tone]
    return fragment("note", colour=colour, text=note)

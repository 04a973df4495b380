"""The contract answers back: an agreed version sent or previewed carries the person's reply,
signed with the version's token, in the document and in the mail; a draft and a version never
sent carry none."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re

from careernb.documents.contract import contract_html, document, export_contract
from careernb.documents.outgoing import preview, send
from careernb.domain.contract import Commitment, Contract, Party
from careernb.domain.replies import ReplyToken
from careernb.domain.reply_block import encode
from careernb.follow_through import replies
from careernb.quarter import run_quarter
from tests.conftest import TODAY

AMARA, SOFIA = "031", "034"  # Amara: no contract yet; Sofia: four versions, the latest sent with a reply
NOW = dt.datetime(2026, 11, 26, 15, tzinfo=dt.UTC)
DATA = re.compile(r'<script type="application/json" id="careernb-reply-data">([^<]*)</script>')


def reply_data(html: str) -> dict | None:
    found = DATA.findall(html.replace("\r\n", "\n"))
    return json.loads(found[0]) if found else None


def agreed_for_amara(store, version: int = 1) -> None:
    store.save(Contract(AMARA, version, agreed=TODAY, open_question="Where next?"))
    store.save(
        Commitment(AMARA, version, "k1", Party.PERSON, "Write the design doc", TODAY + dt.timedelta(days=30)),
        Commitment(
            AMARA, version, "m1", Party.MANAGER, "Introduce you to Dana", TODAY + dt.timedelta(days=14)
        ),
    )


def test_a_preview_makes_the_versions_token_once_and_the_reply_is_signed_with_it(demo):
    agreed_for_amara(demo)
    assert demo.load(ReplyToken, AMARA) == []
    going = preview(demo, AMARA, now=NOW)
    (token,) = demo.load(ReplyToken, AMARA)
    assert (token.version, token.issued) == (1, TODAY)
    data = reply_data(going.html)
    assert (data["person"], data["version"], data["token"], data["to"]) == (
        AMARA,
        1,
        token.token,
        "ada@example.org",
    )
    assert {c["id"]: c["asks"] for c in data["commitments"]} == {"k1": "progress", "m1": "happened"}
    preview(demo, AMARA, now=NOW + dt.timedelta(days=2))
    assert demo.load(ReplyToken, AMARA) == [token]  # the same token for the same version


def test_what_the_person_sends_back_from_it_is_taken_in(demo, tmp_path):
    agreed_for_amara(demo)
    html, _eml = send(demo, AMARA, tmp_path, now=NOW)
    data = reply_data(html.read_text(encoding="utf-8"))
    fields = {
        "careernb": "reply/1", "person": AMARA, "version": 1, "reply": "r1", "written": "2026-11-27T09:00:00",
        "changed": "Started the doc.", "commitments": [{"id": "k1", "progress": "on its way"}],
    }  # fmt: skip
    taken = replies.take_in(demo, f"Hello Ada,\n\n{encode(fields, data['token'])}\n", TODAY)
    assert taken.reply.changed == "Started the doc." and [u.commitment_id for u in taken.updates] == ["k1"]


def test_the_mail_carries_the_reply_and_the_contract_to_open_in_a_browser(demo):
    agreed_for_amara(demo)
    going = preview(demo, AMARA, now=NOW)
    msg = email.message_from_bytes(going.eml, policy=email.policy.default)
    body, attached = [p for p in msg.walk() if p.get_content_type() == "text/html"]
    assert reply_data(body.get_content())["token"] == reply_data(going.html)["token"]
    assert attached.get_filename() == f"contract-{AMARA}-v1.html"
    assert attached.get_content().replace("\r\n", "\n").rstrip("\n") == going.html
    text = msg.get_body(("plain",)).get_content()
    assert f"To reply, open contract-{AMARA}-v1.html in your web browser" in text
    assert preview(demo, AMARA, now=NOW).eml == going.eml  # the preview is what is sent, byte for byte


def test_a_draft_carries_no_reply_and_makes_no_token(demo):
    demo.save(Contract(AMARA, 1, open_question="Still thinking"))
    assert reply_data(preview(demo, AMARA, now=NOW).html) is None
    assert demo.load(ReplyToken, AMARA) == []


def test_a_contract_only_read_makes_no_token_and_shows_a_reply_only_once_it_has_one(demo):
    agreed_for_amara(demo)
    assert reply_data(contract_html(demo, AMARA)) is None and demo.load(ReplyToken, AMARA) == []
    export_contract(demo, AMARA, demo.home / "out")  # the send path makes it
    assert reply_data(contract_html(demo, AMARA))["token"] == demo.load(ReplyToken, AMARA)[0].token


def test_the_quarter_makes_no_token_and_shows_the_reply_of_a_version_that_has_one(demo, tmp_path):
    agreed_for_amara(demo)
    before = {pid: demo.load(ReplyToken, pid) for pid in demo.person_ids()}
    run_quarter(demo.home, "2026Q4", out=tmp_path / "quarter", today=TODAY)
    assert {pid: demo.load(ReplyToken, pid) for pid in demo.person_ids()} == before
    contracts = {
        p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "quarter").rglob("contracts/*.html")
    }
    assert reply_data(contracts[AMARA]) is None
    assert reply_data(contracts[SOFIA])["token"] == before[SOFIA][-1].token


def test_each_version_has_a_token_of_its_own(demo):
    agreed_for_amara(demo, 1)
    agreed_for_amara(demo, 2)
    data = {v: document(demo, AMARA, v, reply_on=TODAY)["reply"]["data"] for v in (1, 2)}
    assert [d["version"] for d in data.values()] == [1, 2]
    assert data[1]["token"] != data[2]["token"]
    assert {t.version: t.token for t in demo.load(ReplyToken, AMARA)} == {
        v: d["token"] for v, d in data.items()
    }

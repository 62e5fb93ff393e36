"""Repeterende in the web: run the due periods now, pause, resume and end an agreement
(what the CLI's ``recurring run|pause|resume|end`` do); a run says how many invoices
were issued, sent, and issued but not delivered."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _agreement(web: Web, csrf: str, client: object) -> None:
    from starlette.testclient import TestClient

    assert isinstance(client, TestClient)
    made = client.post("/recurring", data={
        "csrf": csrf, "customer": str(web.customer), "every": "month", "start": "01.11.2026",
        "description_0": "Leie", "quantity_0": "1", "price_0": "1000", "vat_0": "0",
        "send": "1",
    })  # fmt: skip
    assert made.status_code == 200, made.text


def test_run_now_pause_resume_and_end(web: Web) -> None:
    client, csrf = web.login("invoicing")
    _agreement(web, csrf, client)
    ran = client.post("/recurring/run", data={"csrf": csrf})
    assert ran.status_code == 200, ran.text
    # November's period; Kari has no e-mail address: issued, the delivery refused
    # and counted.
    assert "1 fakturaer utstedt, 0 sendt, 1 ikke levert" in ran.text
    again = client.post("/recurring/run", data={"csrf": csrf})
    assert "0 fakturaer utstedt" in again.text  # each period once
    paused = client.post("/recurring/1/pause", data={"csrf": csrf})
    assert "avtale 1 satt på pause" in paused.text
    assert 'id="agreement-1-resume"' in paused.text
    resumed = client.post("/recurring/1/resume", data={"csrf": csrf})
    assert "avtale 1 fakturerer igjen" in resumed.text
    ended = client.post("/recurring/1/end", data={"csrf": csrf, "end": "31.12.2026"})
    assert "avtale 1 avsluttet 31.12.2026" in ended.text
    assert "<td>31.12.2026</td>" in ended.text  # December still to be invoiced
    now = client.post("/recurring/1/end", data={"csrf": csrf})  # empty: today
    assert 'id="agreement-1-end"' not in now.text  # no period left: ended
    unknown = client.post("/recurring/1/explode", data={"csrf": csrf})
    assert unknown.status_code == 404


def test_english_and_roles(web: Web) -> None:
    admin, csrf = web.login("admin")
    _agreement(web, csrf, admin)
    admin.post("/settings/language", data={"csrf": csrf, "lang": "en"})
    ran = admin.post("/recurring/run", data={"csrf": csrf})
    assert "1 invoices issued, 0 sent, 1 not delivered" in ran.text
    reader, read_csrf = web.login("read_only")
    assert 'action="/recurring/run"' not in reader.get("/recurring").text
    assert reader.post("/recurring/1/pause", data={"csrf": read_csrf}).status_code == 403

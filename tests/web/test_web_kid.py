"""KID: the OCR agreement's state where it matters, the dashboard's warning while
KIDs are issued without a verified agreement, and the customer-number series' start
(a template with a shorter customer part on an empty database)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_dashboard_warns_while_kids_go_out_without_a_verified_agreement(web: Web) -> None:
    client, csrf = web.login("admin")
    home = client.get("/").text
    assert 'id="kid-warning"' in home
    assert "ingen OCR-avtale med Nets" in home
    assert "KID uten godkjent avtale" in client.get("/settings").text
    registered = client.post(
        "/settings/bank/agreement",
        data={
            "csrf": csrf,
            "agreement_id": "000012345",
            "data_recipient": "00105625",
            "kid_lengths": "11",
        },
    )
    assert registered.status_code == 200
    assert 'id="kid-warning"' not in client.get("/").text
    settings = client.get("/settings").text
    assert "KID uten godkjent avtale" not in settings
    assert 'href="/settings/bank">godkjent</a>' in settings


def test_a_shorter_customer_part_after_setting_the_series_start(web: Web) -> None:
    client, csrf = web.login("admin")
    preview = client.get(
        "/settings/kid-preview", params={"template": "{CustomerNo:4}{InvoiceNo:5}"}
    )
    # The preview reads in the user's language (bokmål here; English for an English user).
    assert "CustomerNo 10000 er allerede i bruk" in " ".join(preview.json()["problems"])
    # The fixture has customer 10000 (Kari): the series cannot start at or below it.
    refused = client.post(
        "/settings/customer-series", data={"csrf": csrf, "_form": "series", "start": "10"},
        headers={"referer": "http://testserver/settings"},
    )  # fmt: skip
    assert 'id="error-series-start"' in refused.text
    assert "kundenummer 10000 er allerede i bruk" in refused.text
    assert 'value="10"' in refused.text


def test_empty_database_four_digit_customer_part(web: Web) -> None:
    company = web.books.create_company(
        name="Tomt AS", org_number="974760673", account="12345678903", actor="test"
    ).id
    web.users.grant("admin", company, "admin", actor="test")
    client, csrf = web.login("admin")
    client.post("/company", data={"csrf": csrf, "company_id": str(company)})
    template = {"template": "{CustomerNo:4}{InvoiceNo:5}"}
    problems = " ".join(client.get("/settings/kid-preview", params=template).json()["problems"])
    assert "allerede i bruk" not in problems  # 10000 is only the series' next value
    assert "CustomerNo 10000 er seriens neste nummer" in problems
    saved = client.post("/settings/customer-series", data={"csrf": csrf, "start": "1000"})
    assert "Neste nye kunde får nummer 1000." in saved.text
    kid = client.post(
        "/settings/kid", data={"csrf": csrf, "template": "{CustomerNo:4}{InvoiceNo:5}",
                               "modulus": "10"},
    )  # fmt: skip
    assert kid.status_code == 200
    assert "Lagret." in kid.text
    assert web.books.create_customer(company, name="Første", actor="test").number == 1000

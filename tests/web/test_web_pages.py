"""The pages: login, CSRF, throttling, every page renders, actions by role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.web.deps import SESSION_COOKIE
from reskontro.web.fmt import date_nb, nok, parse_ore

if TYPE_CHECKING:
    import pytest
    from tests.web.conftest import Web


def test_norwegian_formats() -> None:
    assert nok(123450) == "1\u00a0234,50\u00a0kr"
    assert nok(-5) == "−0,05\u00a0kr"
    assert nok(100000000, unit=False) == "1\u00a0000\u00a0000,00"
    assert date_nb("2026-11-25") == "25.11.2026"
    assert parse_ore("1 234,50") == 123450


def test_login_sets_a_safe_cookie_and_logout_ends_it(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    assert page.status_code == 200
    assert "Logg inn" in page.text
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "admin", "password": "hemmelig-passord", "csrf": csrf},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    cookie = next(h for h in response.headers.get_list("set-cookie") if SESSION_COOKIE in h)
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie
    home = client.get("/")
    assert "Oversikt" in home.text
    token = home.text.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_login_needs_its_csrf_token(web: Web) -> None:
    client = web.client()
    client.get("/login")
    response = client.post(
        "/login", data={"username": "admin", "password": "hemmelig-passord", "csrf": "forged"}
    )
    assert response.status_code == 403


def test_wrong_password_then_throttled(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    for _ in range(5):
        wrong = client.post("/login", data={"username": "admin", "password": "feil", "csrf": csrf})
        assert wrong.status_code == 401
        assert "feil brukernavn eller passord" in wrong.text
    blocked = client.post(
        "/login", data={"username": "admin", "password": "hemmelig-passord", "csrf": csrf}
    )
    assert blocked.status_code == 429


def test_every_page_renders(web: Web) -> None:
    client, _ = web.login("admin")
    for path in ("/", "/invoices", "/invoices/new", "/customers", f"/customers/{web.customer}",
                 "/payments", "/inbox", "/settings", "/audit",
                 "/invoices?status=open&overdue=true&q=Kari&date_from=01.01.2026"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert 'lang="nb"' in response.text


def test_post_without_csrf_is_refused(web: Web) -> None:
    client, _ = web.login("admin")
    response = client.post("/customers", data={"name": "Uten token"})
    assert response.status_code == 403
    names = [c.name for c in web.books.customers(web.company)]
    assert "Uten token" not in names


def test_write_issue_pay_and_clear_inbox(web: Web) -> None:
    client, csrf = web.login("admin")
    made = client.post(
        "/invoices",
        data={"csrf": csrf, "customer": str(web.customer), "description_0": "Kurs",
              "quantity_0": "2", "price_0": "1 000,50", "vat_0": "25", "issue": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    detail = client.get(made.headers["location"])
    assert "2\u00a0501,25\u00a0kr" in detail.text
    assert "Åpen" in detail.text
    invoice = web.books.invoices(web.company)[0]
    data = ocr_file([Pay(invoice.total_ore, invoice.kid), Pay(4200, "12345678902")])
    summary = client.post(
        "/payments/upload", data={"csrf": csrf}, files={"file": ("ocr.txt", data, "text/plain")}
    )
    assert summary.status_code == 200
    assert "2 betalinger" in summary.text
    assert "Betalt" in client.get(made.headers["location"]).text
    inbox = client.get("/inbox").text
    payment_id = inbox.split('action="/inbox/')[1].split("/")[0]
    posted = client.post(
        f"/inbox/{payment_id}/post",
        data={"csrf": csrf, "invoice_number": "", "customer": str(web.customer)},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert "Ingenting venter" in client.get("/inbox").text


def test_read_only_cannot_write(web: Web) -> None:
    client, csrf = web.login("read_only")
    assert "Ny faktura" not in client.get("/invoices").text
    assert client.get("/invoices/new").status_code == 403
    response = client.post("/customers", data={"csrf": csrf, "name": "X"})
    assert response.status_code == 403
    assert "ikke tilgang" in response.text


def test_kid_preview_and_policy(web: Web) -> None:
    client, csrf = web.login("admin")
    preview = client.get(
        "/settings/kid-preview", params={"template": "{CustomerNo:5}{InvoiceNo:6}", "modulus": 10}
    )
    assert preview.status_code == 200
    assert preview.json()["next_kid"]
    bad = client.get("/settings/kid-preview", params={"template": "XYZ", "modulus": 10}).json()
    assert bad["problems"]
    assert bad["next_kid"] is None
    saved = client.post(
        "/settings/policy", data={"csrf": csrf, "policy": "ignore", "tolerance": "1,00"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert web.books.company(web.company).unknown_kid_policy == "ignore"
    assert "company.payment_policy" in client.get("/audit").text


def test_policy_is_for_payments_roles(web: Web) -> None:
    client, csrf = web.login("invoicing")
    refused = client.post("/settings/policy", data={"csrf": csrf, "policy": "post"})
    assert refused.status_code == 403


def test_admin_adds_a_user_and_tokens(web: Web) -> None:
    client, csrf = web.login("admin")
    response = client.post(
        "/settings/users",
        data={"csrf": csrf, "username": "ny", "password": "langt-passord", "role": "read_only"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "ny" in client.get("/settings").text
    created = client.post("/settings/tokens", data={"csrf": csrf, "name": "skript"})
    token = created.text.split('<code id="token">')[1].split("<")[0]
    assert (
        web.client()
        .get("/api/v1/companies", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )


def test_other_company_pages_are_not_found(web: Web) -> None:
    client, csrf = web.login("admin")
    theirs = web.books.invoices(web.other_company)[0].id
    assert client.get(f"/invoices/{theirs}").status_code == 404
    chosen = client.post("/company", data={"csrf": csrf, "company_id": str(web.other_company)})
    assert chosen.status_code == 404


def test_user_without_company_is_told_so(web: Web) -> None:
    web.users.create_user("ensom", "hemmelig-passord", actor="test")
    client, _ = web.login("ensom")
    response = client.get("/")
    assert response.status_code == 403
    assert "ikke tilgang til noe firma" in response.text


def test_cookie_is_secure_over_tls(web: Web) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(web.app, base_url="https://testserver")
    page = client.get("/login")
    assert "Secure" in page.headers["set-cookie"]
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "admin", "password": "hemmelig-passord", "csrf": csrf},
        follow_redirects=False,
    )  # fmt: skip
    cookie = next(h for h in response.headers.get_list("set-cookie") if SESSION_COOKIE in h)
    assert "Secure" in cookie
    assert "HttpOnly" in cookie


def test_close_open_items_on_the_customer_page(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    invoice = web.books.issue_invoice(
        web.company,
        web.books.create_invoice(
            web.company, customer_number=web.customer, actor="test",
            lines=[LineDraft("Vare", 1000, 10000, VatCode.ZERO)],
        ).id,
        actor="test",
    )  # fmt: skip
    data = ocr_file([Pay(10000, "12345678902")])  # unknown KID: waits in the inbox
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("o.txt", data)})
    payment = (
        web.client()
        .get(
            f"/api/v1/companies/{web.company}/inbox",
            headers={"Authorization": f"Bearer {web.tokens['admin']}"},
        )
        .json()[0]
    )
    client.post(f"/inbox/{payment['id']}/post", data={"csrf": csrf, "customer": str(web.customer)})
    page = client.get(f"/customers/{web.customer}").text
    assert f'name="use_payment_{payment["id"]}"' in page
    client.cookies.set("reskontro_lang", "en")  # the service's text, in English
    uneven = client.post(
        f"/customers/{web.customer}/match",
        data={"csrf": csrf, f"use_payment_{payment['id']}": "100,00",
              f"use_invoice_{invoice.id}": "50,00"},
    )  # fmt: skip
    assert uneven.status_code == 422
    assert "do not add up" in uneven.text
    done = client.post(
        f"/customers/{web.customer}/match",
        data={"csrf": csrf, f"use_payment_{payment['id']}": "100,00",
              f"use_invoice_{invoice.id}": "100,00"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303, done.text
    assert web.books.invoice(web.company, invoice.id).status == "paid"


def test_many_user_names_from_one_address_are_throttled(web: Web) -> None:
    from reskontro.services import users as auth

    client = web.client()
    page = client.get("/login")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    for i in range(auth.MAX_IP_FAILURES):  # each name stays under its own limit
        wrong = client.post(
            "/login", data={"username": f"gjett{i}", "password": "feil", "csrf": csrf}
        )
        assert wrong.status_code == 401
    blocked = client.post(
        "/login", data={"username": "admin", "password": "hemmelig-passord", "csrf": csrf}
    )
    assert blocked.status_code == 429
    assert "for mange mislykkede innlogginger" in blocked.text
    # Another address is not affected; after the window the address may try again.
    assert web.users.login("admin", "hemmelig-passord", ip="192.0.2.7")[0]
    web.clock.at += auth.FAILURE_WINDOW
    assert web.users.login("admin", "hemmelig-passord", ip="testclient")[0]


def test_company_details_page(web: Web) -> None:
    client, csrf = web.login("admin")
    form = {"csrf": csrf, "name": "Testfirma Nytt AS", "org_number": "123456785",
            "account": "1234.56.78903", "address": "Storgata 1, Oslo",
            "email": "eier@example.com", "payment_terms_days": "21", "vat_registered": "1"}  # fmt: skip
    saved = client.post("/settings/company", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get("/settings").text
    assert "Testfirma Nytt AS" in page
    assert "Storgata 1, Oslo" in page
    assert "eier@example.com" in page
    details = web.books.company_details(web.company)
    assert (details.payment_terms_days, details.foretaksregisteret) == (21, False)
    audit = client.get("/audit").text
    assert "company.update" in audit
    assert "company.email" in audit
    bad = client.post("/settings/company", data={**form, "org_number": "123"})
    assert bad.status_code == 422
    assert "organisasjonsnummeret" in bad.text
    other, other_csrf = web.login("bank_and_payments")
    assert "company-form" not in other.get("/settings").text
    refused = other.post("/settings/company", data={**form, "csrf": other_csrf})
    assert refused.status_code == 403


def test_notification_recipients_page(web: Web) -> None:
    client, csrf = web.login("admin")
    added = client.post(
        "/settings/notifications",
        data={"csrf": csrf, "email": "regnskap@example.com", "language": "en",
              "import_summary": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    page = client.get("/settings").text
    assert "regnskap@example.com" in page
    removed = client.post(
        "/settings/notifications/remove",
        data={"csrf": csrf, "email": "regnskap@example.com"}, follow_redirects=False,
    )  # fmt: skip
    assert removed.status_code == 303
    assert "regnskap@example.com" not in client.get("/settings").text
    reader, reader_csrf = web.login("read_only")
    refused = reader.post(
        "/settings/notifications", data={"csrf": reader_csrf, "email": "x@example.com"}
    )
    assert refused.status_code == 403


def test_bank_page_agreement_and_channels(web: Web, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "bankinn"
    folder.mkdir()
    (folder / "a.txt").write_text("x", encoding="utf-8")
    client, csrf = web.login("bank_and_payments")
    page = client.get("/settings/bank")
    assert "no-agreement" in page.text
    registered = client.post(
        "/settings/bank/agreement",
        data={"csrf": csrf, "agreement_id": "000012345", "data_recipient": "00105625",
              "kid_lengths": "11", "modulus": "10", "kid_on": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert registered.status_code == 303, registered.text
    assert "godkjent" in client.get("/settings/bank").text
    verified = client.post(
        "/settings/bank/agreement/verify", data={"csrf": csrf}, follow_redirects=False
    )
    assert verified.status_code == 303
    added = client.post(
        "/settings/bank/channels",
        data={"csrf": csrf, "kind": "folder", "name": "inn", "path": str(folder),
              "pattern": "*.txt"},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303, added.text
    sftp = client.post(
        "/settings/bank/channels",
        data={"csrf": csrf, "kind": "sftp", "name": "nets", "host": "sftp.bank.example",
              "username": "acme", "key": "file:/etc/reskontro/id", "port": "22",
              "key_passphrase": "env:BANK_KEY_PASS", "fingerprint": "SHA256:" + "A" * 43},
        follow_redirects=False,
    )  # fmt: skip
    assert sftp.status_code == 303, sftp.text
    assert "file:/etc/reskontro/id" in client.get("/settings/bank").text
    assert (
        web.app.state.services.channels.config(web.company, "nets").key_passphrase_ref
        == "env:BANK_KEY_PASS"
    )
    refused = client.post("/settings/bank/channels/inn/test", data={"csrf": csrf})
    assert refused.status_code == 403  # issue 16: connection tests for administrators only
    client, csrf = web.login("admin")
    tested = client.post("/settings/bank/channels/inn/test", data={"csrf": csrf})
    assert "channel-test-result" in tested.text
    assert "inn: tilkoblet" in tested.text  # issue 16: no listing of the folder
    assert "ocr.txt" not in tested.text
    failed = client.post("/settings/bank/channels/nets/test", data={"csrf": csrf})
    assert "nets: kunne ikke koble til" in failed.text
    off = client.post("/settings/bank/channels/inn/disable", data={"csrf": csrf},
                      follow_redirects=False)  # fmt: skip
    assert off.status_code == 303
    assert web.books.company(web.company).kid_enabled is True  # on under the agreement
    assert (
        client.post("/settings/bank/channels/inn/explode", data={"csrf": csrf}).status_code == 404
    )
    assert (
        client.post("/settings/bank/channels", data={"csrf": csrf, "kind": "ftp"}).status_code
        == 422
    )
    ended = client.post("/settings/bank/agreement/end", data={"csrf": csrf}, follow_redirects=False)
    assert ended.status_code == 303
    assert web.books.company(web.company).kid_enabled is False
    status = client.get("/status").text
    assert "status-channels" in status
    assert "inn" in status
    invoicing, inv_csrf = web.login("invoicing")
    assert "agreement-form" not in invoicing.get("/settings/bank").text
    for path in ("/settings/bank/agreement/end", "/settings/bank/channels/inn/enable"):
        assert invoicing.post(path, data={"csrf": inv_csrf}).status_code == 403


def test_status_page_survives_a_broken_smtp_setting(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_SMTP_HOST", "smtp.example")
    monkeypatch.setenv("RESKONTRO_SMTP_PORT", "not-a-port")
    client, _ = web.login("read_only")
    for path in ("/", "/status"):
        assert client.get(path).status_code == 200


def test_failed_emails_can_be_sent_again(web: Web) -> None:
    """A message given up (e.g. the SMTP password was wrong) is queued again from the
    status page by an administrator, audited; other roles may not."""
    from sqlalchemy import select

    from reskontro.storage.models import AuditEntry
    from reskontro.storage.models_automation import EmailOutbox

    qid = web.app.state.services.notifier.queue_test(web.company, "eier@example.no")
    with web.sessions.begin() as session:
        row = session.get_one(EmailOutbox, qid)
        row.status, row.attempts, row.last_error = "failed", 8, "535 authentication failed"
    reader, reader_csrf = web.login("read_only")
    assert "email-retry" not in reader.get("/status").text
    assert reader.post("/status/email/retry", data={"csrf": reader_csrf}).status_code == 403
    client, csrf = web.login("admin")
    assert 'id="email-retry"' in client.get("/status").text
    done = client.post("/status/email/retry", data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    with web.sessions() as session:
        row = session.get_one(EmailOutbox, qid)
        assert (row.status, row.attempts) == ("pending", 0)
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "email.retry" in actions
    assert (
        web.api("bank_and_payments")
        .post(f"/api/v1/companies/{web.company}/email/retry")
        .status_code
        == 403
    )
    assert web.api("admin").post(f"/api/v1/companies/{web.company}/email/retry").json() == {
        "queued": 0
    }
    assert (
        web.api("admin").post(f"/api/v1/companies/{web.other_company}/email/retry").status_code
        == 404
    )


def test_a_past_import_shows_its_payments(web: Web) -> None:
    """Payments → a past import → what it did and its payments, a page at a time; the
    API gives the same; another company's file is not found."""
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
    from reskontro.services.payments import views as queries

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Vare", 1000, 20000, VatCode.STANDARD)], actor="t",
    )  # fmt: skip
    invoice = web.books.issue_invoice(web.company, draft.id, actor="t")
    client, csrf = web.login("bank_and_payments")
    payments = [Pay(invoice.total_ore, invoice.kid)] + [
        Pay(100 + i, "12345678902") for i in range(queries.FILE_PAGE + 4)
    ]
    summary = client.post(
        "/payments/upload", data={"csrf": csrf},
        files={"file": ("mange.txt", ocr_file(payments), "text/plain")},
    )  # fmt: skip
    assert summary.status_code == 200
    listing = client.get("/payments").text
    file_id = int(listing.split('href="/payments/files/')[1].split('"')[0])
    page = client.get(f"/payments/files/{file_id}").text
    assert "mange.txt" in page
    assert f'href="/invoices/{invoice.id}"' in page  # the payment that paid it
    assert page.count("<tr><td>") == queries.FILE_PAGE
    next_link = page.split('id="next-page" href="')[1].split('"')[0]
    rest = client.get(next_link).text
    assert rest.count("<tr><td>") == len(payments) - queries.FILE_PAGE
    assert 'id="next-page"' not in rest
    api = web.api("read_only")
    first = api.get(f"/api/v1/companies/{web.company}/payments/files/{file_id}").json()
    assert first["filename"] == "mange.txt"
    assert first["summary"]["matched"] == 1
    assert len(first["payments"]) == queries.FILE_PAGE
    assert first["payments"][0]["invoice_number"] == invoice.number
    second = api.get(
        f"/api/v1/companies/{web.company}/payments/files/{file_id}",
        params={"after": first["next"]},
    ).json()
    assert len(second["payments"]) == len(payments) - queries.FILE_PAGE
    assert second["next"] is None
    outsider = web.api("outsider")
    assert (
        outsider.get(f"/api/v1/companies/{web.other_company}/payments/files/{file_id}").status_code
        == 404
    )  # the file is not the other company's
    assert client.get("/payments/files/999999").status_code == 404
    assert (
        web.api("admin").get(f"/api/v1/companies/{web.company}/payments/files/999999").status_code
        == 404
    )

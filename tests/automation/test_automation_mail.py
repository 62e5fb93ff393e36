"""E-mail against a real SMTP server on 127.0.0.1 (aiosmtpd): retries, failures on
record, TLS and login, the overdue digest and the languages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from reskontro.channels.mailer import MailError, Security, SmtpMailer, SmtpSettings
from reskontro.jsonable import to_jsonable
from reskontro.services.automation import BACKOFF, MAX_ATTEMPTS, render
from reskontro.storage.models_automation import EmailAttempt, EmailOutbox
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import Setup, SmtpServer

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def queue_summary(setup: Setup) -> None:
    inv = setup.invoices
    auto = setup.automation()
    data = ocr_file([Pay(inv[0].total_ore, inv[0].kid)], transmission_number="2000001")
    summary = auto.fetcher.importer.import_bytes(setup.company_id, data, "ocr.txt", actor="t")
    assert auto.notifier.queue_import(setup.company_id, summary) == 1


def attempts(setup: Setup) -> list[tuple[bool, int | None, str | None]]:
    with setup.books.sessions() as session:
        return [
            (a.ok, a.smtp_code, a.error)
            for a in session.scalars(select(EmailAttempt).order_by(EmailAttempt.id))
        ]


def outbox_row(setup: Setup) -> EmailOutbox:
    with setup.books.sessions() as session:
        return session.scalars(select(EmailOutbox)).one()


def test_a_smtp_failure_is_retried_with_backoff_and_recorded(
    setup: Setup, smtp_server: SmtpServer
) -> None:
    queue_summary(setup)
    notifier = setup.automation(smtp_server).notifier
    smtp_server.fail_next("451 4.3.0 Mailbox busy, try again later")

    assert to_jsonable(notifier.deliver()) == {"sent": 0, "retry": 1, "failed": 0, "smtp": True}
    row = outbox_row(setup)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error == "message refused: 451 4.3.0 Mailbox busy, try again later"
    assert attempts(setup) == [(False, 451, row.last_error)]
    assert smtp_server.messages == []

    # Not before the backoff has passed...
    setup.clock.at += dt.timedelta(seconds=BACKOFF[0] - 1)
    assert notifier.deliver().sent == 0
    # ...then it goes.
    setup.clock.at += dt.timedelta(seconds=2)
    assert notifier.deliver().sent == 1
    row = outbox_row(setup)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert [a[0] for a in attempts(setup)] == [False, True]
    [message] = smtp_server.messages
    assert message.subject.startswith("Innbetalinger bokført for Fjord Regnskap AS")
    assert str(message.message["Message-ID"]).strip() == row.message_id


def test_a_permanent_refusal_is_recorded_as_failed_and_can_be_queued_again(
    setup: Setup, smtp_server: SmtpServer
) -> None:
    queue_summary(setup)
    notifier = setup.automation(smtp_server).notifier
    smtp_server.fail_next("550 5.7.1 Message rejected as spam")
    assert notifier.deliver().failed == 1
    row = outbox_row(setup)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550 5.7.1 Message rejected as spam" in (row.last_error or "")
    # Still there, on record; after fixing the cause it is queued again and sent.
    assert notifier.retry_failed(setup.company_id) == 1
    assert notifier.deliver().sent == 1
    assert outbox_row(setup).status == "sent"


@sqlite_only
def test_a_server_that_keeps_failing_is_given_up_after_the_last_attempt(
    setup: Setup, smtp_server: SmtpServer
) -> None:
    queue_summary(setup)
    notifier = setup.automation(smtp_server).notifier
    smtp_server.fail_next(*["421 4.7.0 Try again later"] * MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        notifier.deliver()
        setup.clock.at += dt.timedelta(hours=13)
    row = outbox_row(setup)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(attempts(setup)) == MAX_ATTEMPTS
    assert smtp_server.messages == []


@sqlite_only
def test_a_server_that_is_down_is_retried(setup: Setup, smtp_server: SmtpServer) -> None:
    queue_summary(setup)
    env = smtp_server.env()
    env["RESKONTRO_SMTP_PORT"] = "1"  # nothing listens there
    auto = setup.automation()
    auto.notifier.smtp = SmtpSettings.from_env(env)
    assert auto.notifier.deliver().retry == 1
    row = outbox_row(setup)
    assert row.status == "pending"
    assert row.last_error is not None
    assert "127.0.0.1:1" in row.last_error


def test_starttls_and_tls_with_login(tls_smtp: SmtpServer) -> None:
    settings = SmtpSettings.from_env(tls_smtp.env(login=True))
    assert settings is not None
    assert settings.security is Security(tls_smtp.security)
    assert "smtp-s3cret" not in repr(settings)
    assert settings.describe()["password"] == "set"
    rendered = render("test_message", "nb", {"company": "Fjord Regnskap AS", "smtp_host": "x"})
    from reskontro.channels.mailer import build_message

    message = build_message(
        sender=settings.sender, sender_name=None, to="eier@fjordregnskap.example",
        subject=rendered.subject, text=rendered.text, html=rendered.html,
        message_id="<1@test>", date=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
    )  # fmt: skip
    with SmtpMailer(settings) as mailer:
        mailer.send(message)
    [received] = tls_smtp.messages
    assert received.subject == "Test fra reskontro (Fjord Regnskap AS)"
    assert "virker e-postinnstillingene" in received.part("plain")

    wrong = SmtpSettings.from_env({**tls_smtp.env(login=True), "RESKONTRO_SMTP_PASSWORD": "nope"})
    assert wrong is not None
    with pytest.raises(MailError) as info, SmtpMailer(wrong) as mailer:
        mailer.send(message)
    assert "login as mailer refused" in info.value.message
    assert "nope" not in info.value.message
    assert not info.value.permanent


def test_login_over_plain_text_is_refused_for_a_remote_server() -> None:
    settings = SmtpSettings(
        host="smtp.example.com", port=25, security=Security.PLAIN, sender="a@b.no",
        username="u", password="p",
    )  # fmt: skip
    with pytest.raises(MailError, match="unencrypted"):
        SmtpMailer(settings)._connect()


def test_smtp_settings_from_the_environment(tmp_path: Path) -> None:
    assert SmtpSettings.from_env({}) is None
    secret = tmp_path / "pw"
    secret.write_text("fra-fil\n", encoding="utf-8")
    settings = SmtpSettings.from_env(
        {
            "RESKONTRO_SMTP_HOST": "smtp.domeneshop.no",
            "RESKONTRO_SMTP_FROM": "faktura@firma.no",
            "RESKONTRO_SMTP_USER": "firma1",
            "RESKONTRO_SMTP_PASSWORD_FILE": str(secret),
        }
    )
    assert settings is not None
    assert (settings.port, settings.security, settings.password) == (
        587,
        Security.STARTTLS,
        "fra-fil",
    )
    with pytest.raises(ValueError, match="FROM"):
        SmtpSettings.from_env({"RESKONTRO_SMTP_HOST": "x"})
    with pytest.raises(ValueError, match="SECURITY"):
        SmtpSettings.from_env(
            {
                "RESKONTRO_SMTP_HOST": "x",
                "RESKONTRO_SMTP_FROM": "a@b.no",
                "RESKONTRO_SMTP_SECURITY": "ssl3",
            }
        )


def test_the_overdue_digest(setup: Setup, smtp_server: SmtpServer) -> None:
    auto = setup.automation(smtp_server)
    auto.notifier.add_recipient(
        setup.company_id, "cfo@fjordregnskap.example", language="en", actor="t"
    )
    auto.notifier.add_recipient(
        setup.company_id, "bare-import@fjordregnskap.example", overdue_digest=False, actor="t"
    )
    inv = setup.invoices
    # One invoice paid, one part-paid: the digest lists the three still open.
    data = ocr_file(
        [Pay(inv[0].total_ore, inv[0].kid), Pay(10000, inv[1].kid)],
        transmission_number="3000001",
    )
    auto.fetcher.importer.import_bytes(setup.company_id, data, "ocr.txt", actor="t")
    result = auto.notifier.queue_overdue_digest(setup.company_id, "2026-11-25")
    assert to_jsonable(result) == {"overdue": 3, "amount_ore": 52500 + 25000 + 10000, "queued": 2}
    # Queued once per day and address, however often the job runs.
    assert auto.notifier.queue_overdue_digest(setup.company_id, "2026-11-25").queued == 0
    auto.notifier.deliver()

    by_to = {m.to: m for m in smtp_server.messages}
    assert set(by_to) == {"eier@fjordregnskap.example", "cfo@fjordregnskap.example"}
    nb = by_to["eier@fjordregnskap.example"]
    assert (
        nb.subject == "Forfalte fakturaer for Fjord Regnskap AS: 3 fakturaer, 875,00 kr utestående"
    )
    text = nb.part("plain")
    assert "Per 25.11.2026 har Fjord Regnskap AS 3 forfalte fakturaer" in text
    assert (
        f"Faktura {inv[1].number}, Nordlys Bakeri AS (kunde 10000): forfalt 15.11.2026"
        " (10 dager siden), utestående 525,00 kr av 625,00 kr"
    ) in text
    assert f"Faktura {inv[0].number}," not in text
    assert "Sum utestående: 875,00 kr" in text
    assert "Havbris Kafé (10001)" in nb.part("html")
    en = by_to["cfo@fjordregnskap.example"]
    assert en.subject == "Overdue invoices for Fjord Regnskap AS: 3 invoices, NOK 875.00 open"
    assert "due 15 Nov 2026 (10 days ago), NOK 525.00 open of NOK 625.00" in en.part("plain")


@sqlite_only
def test_nothing_overdue_sends_nothing(setup: Setup) -> None:
    setup.clock.at = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)  # before every due date
    auto = setup.automation()
    assert to_jsonable(auto.notifier.queue_overdue_digest(setup.company_id, "2026-11-10")) == {
        "overdue": 0,
        "amount_ore": 0,
        "queued": 0,
    }


@sqlite_only
def test_recipients_language_and_choices(setup: Setup) -> None:
    notifier = setup.automation().notifier
    with pytest.raises(ValueError, match="language"):
        notifier.add_recipient(setup.company_id, "x@y.no", language="sv", actor="t")
    with pytest.raises(ValueError, match="not an e-mail address"):
        notifier.add_recipient(setup.company_id, "x at y", actor="t")
    # The owner's own row sets the owner's language; an address gets one message.
    notifier.add_recipient(setup.company_id, "EIER@fjordregnskap.example", language="en", actor="t")
    notifier.add_recipient(setup.company_id, "x@y.no", import_summary=False, actor="t")
    from reskontro.services.automation import IMPORT_SUMMARY, OVERDUE_DIGEST, recipients_for

    with setup.books.sessions() as session:
        imports = recipients_for(session, setup.company_id, IMPORT_SUMMARY)
        digest = recipients_for(session, setup.company_id, OVERDUE_DIGEST)
    assert [(r.email, r.language, r.owner) for r in imports] == [
        ("eier@fjordregnskap.example", "en", True)
    ]
    assert [r.email for r in digest] == ["eier@fjordregnskap.example", "x@y.no"]
    notifier.remove_recipient(setup.company_id, "x@y.no", actor="t")
    assert [r.email for r in notifier.recipients(setup.company_id).recipients] == [
        "EIER@fjordregnskap.example"
    ]


def test_what_payers_wrote_is_escaped_in_html() -> None:
    empty = {"rows": [], "more": 0, "count": 0, "amount_ore": 0}
    row = {
        "amount_ore": 50000, "kid": None, "payer": "Ola <b>Nordmann</b>",
        "message": "<script>alert(1)</script> faktura 12", "customer": None,
    }  # fmt: skip
    context: dict[str, Any] = {
        "company": "Fjord & Fjell AS", "filename": "ocr.txt", "format": "ocr", "channel": None,
        "status": "imported", "sha256": "x", "error": None, "payments": 1, "amount_ore": 50000,
        "duplicate_payments": 0, "notes": [],
        **dict.fromkeys(("paid", "partial", "overpaid", "reversed", "posted", "ignored"), empty),
        "inbox": {"rows": [row], "more": 0, "count": 1, "amount_ore": 50000},
    }  # fmt: skip
    rendered = render("import_summary", "nb", context)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; faktura 12" in rendered.html
    assert "Fjord &amp; Fjell AS" in rendered.html
    assert "«<script>alert(1)</script> faktura 12»" in rendered.text  # plain text stays plain
    assert rendered.subject == "Innbetalinger bokført for Fjord & Fjell AS: 1 betaling, 500,00 kr"


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    "kind", ["import_summary", "overdue_digest", "fetch_failed", "test_message"]
)
def test_every_template_renders_every_part(kind: str, language: str) -> None:
    row = {
        "amount_ore": -12345, "kid": "10000000017", "payer": "Ola", "message": "m",
        "customer": "Kunde AS", "customer_number": 10000, "invoice": 7, "open_ore": 100,
        "surplus_ore": 50, "total_ore": 20000, "due_date": dt.date(2026, 11, 1), "days": 24,
    }  # fmt: skip
    group = {"rows": [row], "more": 3, "count": 4, "amount_ore": 1}
    context: dict[str, Any] = {
        "company": "Fjord AS", "filename": "f.txt", "format": "ocr", "channel": "nets",
        "status": "imported", "sha256": "x", "error": "boom", "payments": 2, "amount_ore": 2,
        "duplicate_payments": 2, "notes": ["n"], "today": dt.date(2026, 11, 25),
        "smtp_host": "smtp", **group,
        **dict.fromkeys(
            ("paid", "partial", "overpaid", "reversed", "inbox", "posted", "ignored"), group
        ),
    }  # fmt: skip
    rendered = render(kind, language, context)
    assert rendered.subject
    assert "\n" not in rendered.subject
    assert f'<html lang="{language}">' in rendered.html
    if kind == "import_summary":
        assert ("Hoppet over" if language == "nb" else "Skipped") in rendered.text
        assert ("og 3 til" if language == "nb" else "and 3 more") in rendered.text
        assert ("-123,45" if language == "nb" else "-123.45") in rendered.text
        rejected = render(kind, language, {**context, "status": "rejected"})
        assert "boom" in rejected.text
        assert "boom" in rejected.html

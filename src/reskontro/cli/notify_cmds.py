"""``reskontro notify``: who is told what by e-mail, and the outbox of messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.agreement_cmds import automation
from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    answer,
    err_console,
    open_company,
    print_json,
    table,
    table_or_json,
)
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from reskontro.services.automation import Delivery

notify_app = typer.Typer(
    help="E-mail: who is told what, and the outbox of messages.", no_args_is_help=True
)


def echo_mail(mail: Delivery) -> None:
    """One line on what a delivery round did (or why it could not send)."""
    from reskontro.services.automation import DeliveryWaiting

    if isinstance(mail, DeliveryWaiting):
        if mail.waiting:
            err_console.print(
                f"{mail.waiting} e-mail(s) wait in the outbox: set RESKONTRO_SMTP_HOST"
                " and RESKONTRO_SMTP_FROM",
                markup=False,
            )
        return
    if mail.sent or mail.retry or mail.failed:
        typer.echo(f"e-mail: {mail.sent} sent, {mail.retry} to retry, {mail.failed} failed")


@notify_app.command("owner")
def notify_owner(
    email: Annotated[str, typer.Argument(help="The account owner's e-mail address.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set the account owner's address (the company's e-mail): they get every summary."""
    ctx, company_id = open_company(db, company)
    view = automation(ctx).notifier.set_owner_email(company_id, email, actor=actor())
    print_json(to_jsonable(view)) if json else typer.echo(f"owner e-mail: {view.email}")


@notify_app.command("add")
def notify_add(
    email: Annotated[str, typer.Argument(help="E-mail address.")],
    name: Annotated[str | None, typer.Option(help="The person's name.")] = None,
    language: Annotated[str, typer.Option(help="nb (Norwegian) or en (English).")] = "nb",
    imports: Annotated[
        bool, typer.Option("--imports/--no-imports", help="A summary after each import.")
    ] = True,
    digest: Annotated[
        bool, typer.Option("--digest/--no-digest", help="The daily overdue digest.")
    ] = True,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add a recipient (or change what an address gets)."""
    ctx, company_id = open_company(db, company)
    view = automation(ctx).notifier.add_recipient(
        company_id, email, name=name, language=language, import_summary=imports,
        overdue_digest=digest, actor=actor(),
    )  # fmt: skip
    answer(json, view, f"recipient {view.email} ({view.language})")


@notify_app.command("remove")
def notify_remove(
    email: Annotated[str, typer.Argument(help="E-mail address.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Remove a recipient."""
    ctx, company_id = open_company(db, company)
    automation(ctx).notifier.remove_recipient(company_id, email, actor=actor())
    typer.echo(f"{email} removed")


@notify_app.command("list")
def notify_list(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The owner and the recipients."""
    ctx, company_id = open_company(db, company)
    view = automation(ctx).notifier.recipients(company_id)
    if json:
        print_json(to_jsonable(view))
        return
    typer.echo(f"owner: {view.owner or '(none)'}")
    table(
        "Recipients",
        ["E-mail", "Name", "Language", "Imports", "Digest"],
        (
            (r.email, r.name, r.language, r.import_summary, r.overdue_digest)
            for r in view.recipients
        ),
    )


@notify_app.command("outbox")
def notify_outbox(
    status: Annotated[str | None, typer.Option(help="pending, sending, sent or failed.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Messages queued and sent, newest first, with their attempts and last error."""
    ctx, company_id = open_company(db, company)
    rows = automation(ctx).notifier.outbox(company_id, status=status, limit=limit)
    table_or_json(
        json,
        rows,
        "E-mail outbox",
        ["Id", "Kind", "To", "Subject", "Status", "Attempts", "Error"],
        lambda r: (r.id, r.kind, r.to, r.subject, r.status, r.attempts, r.last_error),
    )


@notify_app.command("send")
def notify_send(db: DbOption = None, json: JsonOption = False) -> None:
    """Send what waits in the outbox now (the worker does this every tick)."""
    from reskontro.services.automation.letters import LetterDeliveryWaiting

    ctx = Context(db)
    notifier = automation(ctx).notifier
    mail = notifier.deliver()
    letters = notifier.deliver_letters()
    if json:
        print_json({**to_jsonable(mail), "letters": to_jsonable(letters)})
        return
    echo_mail(mail)
    waiting = letters.waiting if isinstance(letters, LetterDeliveryWaiting) else 0
    typer.echo(
        f"follow-up letters: {letters.sent} sent, {letters.retry} to retry,"
        f" {letters.failed} failed" + (f", {waiting} waiting" if waiting else "")
    )
    if mail.smtp:
        typer.echo(f"{mail.sent} sent")


@notify_app.command("retry")
def notify_retry(company: CompanyOption = None, db: DbOption = None) -> None:
    """Queue messages that were given up again (after fixing the mail settings)."""
    ctx, company_id = open_company(db, company)
    count = automation(ctx).notifier.retry_failed(company_id, actor=actor())
    typer.echo(f"{count} message(s) queued again")


@notify_app.command("test")
def notify_test(
    email: Annotated[str, typer.Argument(help="Where to send the test.")],
    language: Annotated[str, typer.Option(help="nb or en.")] = "nb",
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Send a test message now, to check the SMTP settings."""
    ctx, company_id = open_company(db, company)
    notifier = automation(ctx).notifier
    notifier.queue_test(company_id, email, language)
    mail = notifier.deliver()
    echo_mail(mail)
    if not mail.smtp or not mail.sent:
        errors = notifier.outbox(None, limit=1)
        reason = errors[0].last_error if errors else None
        raise ValidationError(f"the test message was not sent{': ' + reason if reason else ''}")
    typer.echo(f"test message sent to {email}")


__all__ = ["echo_mail", "notify_app"]

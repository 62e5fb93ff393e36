"""Follow-up letters (reminders) go out over real SMTP with their PDFs attached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reskontro.services.followup import FollowUp
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Customer
from reskontro.storage.models_followup import FollowupMessage

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


def test_reminders_are_mailed_with_their_pdf(
    books: Books, clock: FixedClock, tmp_path: Path, smtp_server: Any, old_setup: Any
) -> None:
    setup = old_setup  # four invoices issued in 2020: long overdue
    with books.sessions.begin() as session:
        for customer in session.scalars(select(Customer)):
            customer.email = f"kunde{customer.number}@example.no"
    followup = FollowUp(books.sessions, clock, FileStore(tmp_path / "files"))
    run = followup.remind(setup.company_id, with_interest=False, actor="t")
    assert len(run.letters) == 4  # every open invoice is long past due
    auto = setup.automation(smtp_server)
    report = auto.notifier.deliver_letters()
    assert report.sent == 2  # one e-mail per customer, with that customer's letters
    assert auto.notifier.deliver_letters().sent == 0  # never twice
    by_to = {m.to: m for m in smtp_server.messages}
    assert set(by_to) == {"kunde10000@example.no", "kunde10001@example.no"}
    message = by_to["kunde10000@example.no"].message
    pdfs = [
        part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    assert len(pdfs) == 2
    assert all(bytes(p.get_content()).startswith(b"%PDF") for p in pdfs)
    assert "Fjord Regnskap AS" in str(message["From"])
    with books.sessions() as session:
        statuses = set(session.scalars(select(FollowupMessage.status)))
    assert statuses == {"sent"}

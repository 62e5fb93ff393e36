"""Follow-up letters that go as e-mail (reminders, inkassovarsel, interest notes): one
round of :mod:`reskontro.services.delivery.letters` (letters into the outbox with their
PDFs and delivery records), the outbox sent, and the outcome carried back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.services.automation.outbox import DeliveryWaiting
from reskontro.services.delivery import letters

if TYPE_CHECKING:
    from reskontro.services.automation.outbox import Notifier
    from reskontro.storage.filestore import FileStore


@dataclass(frozen=True, slots=True)
class LetterDelivery:
    sent: int
    retry: int
    failed: int


@dataclass(frozen=True, slots=True)
class LetterDeliveryWaiting(LetterDelivery):
    """No SMTP server is configured: ``waiting`` letters stay in the outbox."""

    waiting: int


def deliver_letters(
    notifier: Notifier, *, limit: int = 100, store: FileStore | None = None
) -> LetterDelivery:
    """Hand the waiting letters to the outbox and send it. A letter is claimed first
    (``pending`` → ``sending``), so two workers never send it twice; the outbox retries
    a temporary failure with backoff and records a permanent one as ``failed``."""
    handed = letters.queue_letters(notifier.sessions, notifier.clock, store, limit=limit)
    mail = notifier.deliver()
    sent, failed = letters.sync(notifier.sessions, notifier.clock)
    if isinstance(mail, DeliveryWaiting):
        with notifier.sessions() as session:
            return LetterDeliveryWaiting(0, 0, handed.failed, waiting=letters.waiting(session))
    return LetterDelivery(handed.sent + sent, mail.retry, handed.failed + handed.given_up + failed)


__all__ = ["LetterDelivery", "LetterDeliveryWaiting", "deliver_letters"]

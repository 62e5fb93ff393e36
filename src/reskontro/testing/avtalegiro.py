"""AvtaleGiro test material: mandate lists as Nets writes them, and a test company."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.formats import nets
from reskontro.formats.nets import (
    NETS_ID,
    Agreement,
    AgreementAssignment,
    RegistrationType,
    Transmission,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

#: The account of the Nets sample mandate list (avtalegiro_agreements.txt).
ACCOUNT = "99991042764"
#: 6 + 8 digits + MOD10: the customer number at KID positions 1-6.
TEMPLATE = "{CustomerNo:6}{InvoiceNo:8}"


@dataclass
class AG:
    """A company with an AvtaleGiro agreement, and what its tests need."""

    books: Books
    sessions: sessionmaker[Session]
    clock: FixedClock
    company_id: int


def mandate_list(
    *records: tuple[int, str, bool], account: str = ACCOUNT, number: str = "1000001"
) -> bytes:
    """A Nets mandate list of ``(registration type, KID, notify)`` records.

    >>> nets.parse(mandate_list((1, "000112000507155", True))).num_transactions
    1
    """
    agreements = tuple(
        Agreement(n, RegistrationType(kind), kid, notify)
        for n, (kind, kid, notify) in enumerate(records, 1)
    )
    transmission = Transmission(
        data_transmitter=NETS_ID,
        transmission_number=number,
        data_recipient="00010200",
        date=None,
        assignments=(AgreementAssignment("0000001", account, agreements),),
    )
    return nets.build(transmission)


__all__ = ["ACCOUNT", "AG", "TEMPLATE", "mandate_list"]

"""Routes to Mastercard Payment Services' eFaktura 2.0 (consumer invoices into the
online bank).

Every route offers the same operations (:class:`EfakturaRoute`): look up a person's
eFaktura address (by national identity number, or by the contact details MPS matches
on), read the issuer's blocked list, submit a consignment of invoices, and read a
consignment's status. The adapters:

- :mod:`.soap` — MPS' web services, from the WSDL the issuer receives (zeep);
- :mod:`.files` — EHF files into the SFTP mailbox MPS sets up, receipts read back
  (look-ups through a web-service route beside it, if one is set up);
- :mod:`.sandbox` — a **sandbox register** of demo persons for the demo and
  ``make run``; never used unless chosen.

Where MPS' contract is not documented (field names, state names, file names) the
guesses live in :mod:`.mapping`, and nowhere else.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - dataclass fields
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from reskontro.channels import ChannelError
from reskontro.domain.efaktura import ConsignmentState  # noqa: TC001 - dataclass fields

if TYPE_CHECKING:
    from collections.abc import Sequence


class EfakturaUnavailable(ChannelError):
    """The register or the operator could not be reached or did not answer sensibly.
    Invoicing goes on by the customer's other method."""

    default_message = "the eFaktura register is unavailable"


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """What we know of one person; ``ref`` comes back on the answer (our customer id).
    MPS matches on the national identity number, or on phone and e-mail, or on one of
    them with the name or the address (docs/efaktura.md)."""

    ref: str
    national_id: str | None = None
    mobile: str | None = None
    email: str | None = None
    name: str | None = None
    street: str | None = None
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class PersonAnswer:
    """The register's answer for one query: the eFaktura address, or None."""

    ref: str
    identifier: str | None
    #: The person has blocked this issuer (when the register says so with the answer).
    blocked: bool = False


@dataclass(frozen=True, slots=True)
class EfakturaInvoice:
    """One invoice in a consignment."""

    invoice_number: str
    identifier: str
    amount_ore: int
    issue_date: dt.date
    due_date: dt.date
    kid: str | None
    billing_account: str
    name: str
    #: The invoice as EHF (Peppol BIS Billing 3.0), with its PDF embedded.
    ehf: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class Consignment:
    """A batch of invoices handed to MPS in one go, under our id."""

    consignment_id: str
    issuer: str
    invoices: tuple[EfakturaInvoice, ...]


@dataclass(frozen=True, slots=True)
class InvoiceOutcome:
    """How MPS handled one invoice of a consignment."""

    invoice_number: str
    accepted: bool
    #: MPS' error code and text when rejected (as MPS gives them; not translated).
    error_code: str | None = None
    error_text: str | None = None


@dataclass(frozen=True, slots=True)
class ConsignmentStatus:
    consignment_id: str
    state: ConsignmentState
    invoices: tuple[InvoiceOutcome, ...] = ()


class EfakturaRoute(Protocol):
    """The operations every route to MPS offers."""

    #: What the route is, for the delivery record and the CLI ("sandbox", "mps-ws", ...).
    name: str

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        """The eFaktura address of each person (one answer per query, same order).
        Raises :class:`EfakturaUnavailable` when the register cannot be asked."""
        ...

    def blocked(self) -> frozenset[str]:
        """The eFaktura addresses of the persons who have blocked this issuer."""
        ...

    def submit(self, consignment: Consignment) -> ConsignmentStatus:
        """Hand a consignment to MPS; the status right after."""
        ...

    def status(self, consignment_id: str) -> ConsignmentStatus:
        """Where a consignment is now (polled until final)."""
        ...


__all__ = [
    "Consignment",
    "ConsignmentStatus",
    "EfakturaInvoice",
    "EfakturaRoute",
    "EfakturaUnavailable",
    "InvoiceOutcome",
    "PersonAnswer",
    "PersonQuery",
]

"""**SANDBOX** eFaktura register — demo persons only, no MPS contract, nothing leaves.

For ``make run`` and the demo: a new user sees the whole flow (look-up at invoicing,
"kan motta eFaktura", delivered as eFaktura) without an agreement with MPS. It is
used only when chosen (``RESKONTRO_EFAKTURA=sandbox``); its answers say "sandbox".
It keeps no state: every consignment is processed at once, and an invoice to the
demo person who rejects eFaktura is rejected, so the fallback can be seen too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.channels.efaktura import (
    ConsignmentStatus,
    InvoiceOutcome,
    PersonAnswer,
)
from reskontro.domain.efaktura import ConsignmentState

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.channels.efaktura import Consignment, PersonQuery


@dataclass(frozen=True, slots=True)
class DemoPerson:
    name: str
    national_id: str
    mobile: str
    email: str
    identifier: str
    blocked: bool = False
    rejects: bool = False


#: The demo persons (synthetic national identity numbers that pass the check digits).
DEMO_PERSONS: tuple[DemoPerson, ...] = (
    DemoPerson("Kari Nordmann", "01010012356", "91234567", "kari@example.no", "SANDBOX-0001"),
    DemoPerson("Ola Nordmann", "15076500565", "92345678", "ola@example.no", "SANDBOX-0002"),
    DemoPerson(
        "Per Sperret", "29029600013", "93456789", "per@example.no", "SANDBOX-0003", blocked=True
    ),
    DemoPerson(
        "Rita Avvist", "31129956715", "94567890", "rita@example.no", "SANDBOX-0004", rejects=True
    ),
)


def _match(query: PersonQuery) -> DemoPerson | None:
    """MPS' matching rules, as vendors describe them: the national identity number;
    or mobile and e-mail; or either of them with the name."""
    for person in DEMO_PERSONS:
        if query.national_id and query.national_id == person.national_id:
            return person
        phone = bool(query.mobile) and query.mobile == person.mobile
        mail = bool(query.email) and (query.email or "").lower() == person.email
        named = bool(query.name) and (query.name or "").casefold() == person.name.casefold()
        if (phone and mail) or ((phone or mail) and named):
            return person
    return None


class SandboxRegister:
    """:class:`~reskontro.channels.efaktura.EfakturaRoute` of demo persons."""

    name = "sandbox"

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        answers = []
        for query in queries:
            person = _match(query)
            answers.append(
                PersonAnswer(query.ref, None)
                if person is None
                else PersonAnswer(query.ref, person.identifier, person.blocked)
            )
        return answers

    def blocked(self) -> frozenset[str]:
        return frozenset(p.identifier for p in DEMO_PERSONS if p.blocked)

    def submit(self, consignment: Consignment) -> ConsignmentStatus:
        rejecting = {p.identifier for p in DEMO_PERSONS if p.rejects or p.blocked}
        known = {p.identifier for p in DEMO_PERSONS}
        outcomes = tuple(
            InvoiceOutcome(inv.invoice_number, True)
            if inv.identifier in known and inv.identifier not in rejecting
            else InvoiceOutcome(inv.invoice_number, False, "SANDBOX", "rejected by the sandbox")
            for inv in consignment.invoices
        )
        return ConsignmentStatus(consignment.consignment_id, ConsignmentState.RECEIVED, outcomes)

    def status(self, consignment_id: str) -> ConsignmentStatus:
        return ConsignmentStatus(consignment_id, ConsignmentState.PROCESSED)

"""Claims files: what is claimed, read back by our reader and by netsgiro; cancellations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import netsgiro
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from reskontro.domain.avtalegiro import ClaimState, Code
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.formats import nets
from reskontro.formats.nets import AssignmentType, AvtaleGiroTransactionType, ClaimAssignment
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.storage.models import Invoice
from reskontro.storage.models_avtalegiro import AvtaleGiroFile, Claim
from reskontro.testing.avtalegiro import ACCOUNT, mandate_list

if TYPE_CHECKING:
    from reskontro.services.avtalegiro.claims import ClaimsRun
    from reskontro.testing.avtalegiro import AG

D = dt.date
#: The fixture's clock: Wednesday 25 November 2026, 10:00 in Oslo; earliest due 29.11.
EARLIEST = D(2026, 11, 29)


def _invoice(ag: AG, customer: int, due: dt.date, *lines: tuple[str, int]) -> int:
    drafts = [LineDraft(name, 1000, price, VatCode.STANDARD) for name, price in lines] or [
        LineDraft("Abonnement", 1000, 10000, VatCode.STANDARD)
    ]
    draft = ag.books.create_invoice(
        ag.company_id, customer_number=customer, lines=drafts, invoice_date=D(2026, 11, 20),
        due=due, actor="t",
    )  # fmt: skip
    issued = ag.books.issue_invoice(ag.company_id, draft.id, issue_date=D(2026, 11, 20),
                                    actor="t")  # fmt: skip
    return int(issued.id)


def _mandates(ag: AG) -> None:
    data = mandate_list((1, "000112000507155", True), (1, "001006300507304", False))
    read_mandates(ag.sessions, ag.clock, ag.company_id, data, filename="fbo.txt", actor="t")


def _run(ag: AG, **kwargs: object) -> ClaimsRun:
    return write_claims(ag.sessions, ag.clock, ag.company_id, actor="t", **kwargs)  # type: ignore[arg-type]


def _netsgiro(data: bytes) -> netsgiro.Transmission:
    return netsgiro.parse(data.decode("latin-1"))


def _states(ag: AG) -> dict[int, str]:
    with ag.sessions() as session:
        return dict(session.execute(select(Claim.invoice_id, Claim.state)).tuples().all())


def test_claims_file(ag: AG) -> None:
    _mandates(ag)
    a = _invoice(ag, 112, D(2026, 12, 9), ("Rådgivning", 125000), ("Reise", 30000))
    b = _invoice(ag, 1006, EARLIEST)
    _invoice(ag, 1020, D(2026, 12, 9))  # no mandate
    soon = _invoice(ag, 112, EARLIEST - dt.timedelta(days=1))
    far = _invoice(ag, 112, D(2027, 11, 26))
    run = _run(ag)
    assert (run.claims, run.cancellations, run.too_late) == (2, 0, 1)
    assert run.amount_ore == (155000 + 10000) * 125 // 100
    assert run.transmission_number == "0000001"
    assert [n.code for n in run.notes] == [Code.DUE_TOO_SOON]
    assert _states(ag) == {a: "sent", b: "sent", soon: "too_late"}
    # Our reader: every control field checked.
    ours = nets.parse(run.content)
    (assignment,) = ours.assignments
    assert isinstance(assignment, ClaimAssignment)
    assert assignment.account == ACCOUNT
    assert ours.data_transmitter == "00010200"
    first, second = assignment.claims
    assert (first.number, first.type, first.payer_name, first.external_reference) == (
        1, AvtaleGiroTransactionType.BANK_NOTIFICATION, "Åse Øvrebø", "Faktura 1",
    )  # fmt: skip
    assert first.specification_text.splitlines()[0].startswith("Faktura 1  Fakturadato 20.11.2026")
    assert "Rådgivning" in first.specification_text
    assert (second.number, second.type, second.specifications, second.due_date) == (
        2, AvtaleGiroTransactionType.PAYEE_NOTIFICATION, (), EARLIEST,
    )  # fmt: skip
    # netsgiro, the oracle: the same claims and totals.
    theirs = _netsgiro(run.content)
    assert theirs.number == "0000001"
    assert theirs.get_num_transactions() == 2
    assert theirs.get_total_amount() == Decimal(run.amount_ore) / 100
    (request_a, request_b) = theirs.assignments[0].transactions
    assert isinstance(request_a, netsgiro.PaymentRequest)
    assert isinstance(request_b, netsgiro.PaymentRequest)
    assert (request_a.kid, request_a.date, request_a.amount) == (
        first.kid, D(2026, 12, 9), Decimal(first.amount) / 100,
    )  # fmt: skip
    assert request_a.text is not None
    assert "Reise" in request_a.text
    assert (request_b.kid, int(request_b.type)) == (second.kid, 2)
    # The same day again: no claim twice; the one too soon is not flagged again.
    again = _run(ag)
    assert (again.claims, again.transmission_number, again.too_late, again.notes) == (
        0, None, 0, (),
    )  # fmt: skip
    # The daily run writes at most one file a day; a user may ask again.
    assert _run(ag, daily=True).skipped
    # Later, the invoice due too far ahead comes into the window.
    ag.clock.at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    later = _run(ag, daily=True)
    assert (later.claims, later.transmission_number) == (1, "0000002")
    assert _states(ag)[far] == "sent"
    with ag.sessions() as session:
        assignments = session.scalars(
            select(AvtaleGiroFile.claims_assignment).where(AvtaleGiroFile.direction == "claims")
        ).all()
    assert assignments == ["0000001", "0000002"]


def test_cancellations(ag: AG) -> None:
    _mandates(ag)
    a = _invoice(ag, 112, D(2026, 12, 9))
    b = _invoice(ag, 1006, D(2026, 12, 9))
    _run(ag)
    ag.books.credit_invoice(ag.company_id, a, actor="t")
    run = _run(ag)
    assert (run.claims, run.cancellations, run.amount_ore) == (0, 1, 0)
    ours = nets.parse(run.content)
    (assignment,) = ours.assignments
    assert isinstance(assignment, ClaimAssignment)
    assert assignment.type is AssignmentType.CANCELLATIONS
    (item,) = assignment.claims
    assert (item.type, item.amount, item.due_date) == (
        AvtaleGiroTransactionType.CANCELLATION, 12500, D(2026, 12, 9),
    )  # fmt: skip
    theirs = _netsgiro(run.content)
    assert int(theirs.assignments[0].type) == 36
    assert theirs.assignments[0].get_total_amount() == Decimal("125.00")
    assert _states(ag)[a] == "cancelled"
    assert _run(ag).cancellations == 0
    # Credited on its due date: Nets may already have drawn it; said once.
    ag.clock.at = dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)
    ag.books.credit_invoice(ag.company_id, b, actor="t")
    late = _run(ag)
    assert (late.cancellations, [n.code for n in late.notes]) == (0, [Code.MAY_BE_DRAWN])
    assert _run(ag).notes == ()
    assert _states(ag)[b] == "sent"


def test_claims_with_cancellations_in_one_file(ag: AG) -> None:
    _mandates(ag)
    a = _invoice(ag, 112, D(2026, 12, 9))
    _run(ag)
    ag.books.credit_invoice(ag.company_id, a, actor="t")
    _invoice(ag, 1006, D(2026, 12, 10))
    run = _run(ag)
    assert (run.claims, run.cancellations) == (1, 1)
    theirs = _netsgiro(run.content)
    assert [int(x.type) for x in theirs.assignments] == [0, 36]
    assert theirs.get_num_transactions() == 2
    ours = nets.parse(run.content)
    assert [a.number for a in ours.assignments] == ["0000002", "0000003"]


def test_not_nok_and_we_notify(ag: AG) -> None:
    register_agreement(
        ag.sessions, ag.clock, ag.company_id, agreement_id="000012345",
        data_transmitter="00010200", bank_notifies=False, actor="t",
    )  # fmt: skip
    _mandates(ag)
    eur = _invoice(ag, 112, D(2026, 12, 9))
    nok = _invoice(ag, 112, D(2026, 12, 10))
    with ag.sessions.begin() as session:
        session.execute(update(Invoice).where(Invoice.id == eur).values(currency="EUR"))
    run = _run(ag)
    assert run.claims == 1
    assert [n.code for n in run.notes] == [Code.NOT_NOK]
    assert _states(ag) == {nok: "sent"}
    (assignment,) = nets.parse(run.content).assignments
    assert isinstance(assignment, ClaimAssignment)
    assert assignment.claims[0].type is AvtaleGiroTransactionType.PAYEE_NOTIFICATION


def test_a_given_date_counts_from_its_morning(ag: AG) -> None:
    _mandates(ag)
    due = D(2026, 12, 4)
    invoice = _invoice(ag, 112, due)
    assert _run(ag, on=D(2026, 12, 1)).too_late == 1  # 1.12 -> earliest 5.12
    assert _states(ag) == {invoice: ClaimState.TOO_LATE.value}


def test_one_claim_per_invoice_is_the_schema_rule(ag: AG) -> None:
    _mandates(ag)
    _invoice(ag, 112, D(2026, 12, 9))
    _run(ag)
    with pytest.raises(IntegrityError), ag.sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO avtalegiro_claim (company_id, invoice_id, mandate_id, kid,"
                " amount_ore, due_date, transaction_type, state, file_id, created_at,"
                " updated_at) SELECT company_id, invoice_id, mandate_id, kid, amount_ore,"
                " due_date, transaction_type, state, file_id, created_at, updated_at"
                " FROM avtalegiro_claim"
            )
        )

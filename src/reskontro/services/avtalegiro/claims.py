"""The claims transmission to Nets (spec §3): one file with the claims due to be sent
and the cancellations of claims sent before.

A claim is made for every issued invoice in NOK with something open, of a customer
with an active mandate, not claimed before, whose due date is inside the window Nets
accepts today (:func:`reskontro.domain.avtalegiro.claim_window`). An invoice due too
soon is not skipped silently: it gets a claim row in state ``too_late`` with the
reason, and is paid with a giro. ``UNIQUE (invoice_id)`` on the claims table makes
"no claim twice" the database's rule too.

The file: transaction type 21 (the bank notifies, with the invoice's lines as the
notice) when the agreement says the bank notifies and the payer wants a notice, else
02; payer short name and external reference (``Faktura N``) filled; transaction
numbers 1, 2, ... ascending; assignment and transmission numbers from the company's
own series (never repeated, so unique for far more than 12 months + 1 day); counts and
totals written by the format layer. Every file is read back with our reader and
compared (claims, cancellations, totals) before it is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import insert, select, update

from reskontro.clock import OSLO
from reskontro.domain.avtalegiro import (
    ClaimDecision,
    ClaimState,
    Code,
    FileDirection,
    MandateState,
    NoticeLine,
    claim_window,
    decide_claim,
    notice_text,
    short_name,
)
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.errors import ReskontroError
from reskontro.formats.nets import (
    AssignmentType,
    AvtaleGiroClaim,
    AvtaleGiroTransactionType,
    ClaimAssignment,
    Transmission,
    specifications_from_text,
)
from reskontro.formats.nets.claims_file import check_claims_file, write_claims_file
from reskontro.gcpause import collector_paused
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.avtalegiro.agreement import (
    ASSIGNMENT_SERIES,
    TRANSMISSION_SERIES,
    agreement_of,
)
from reskontro.services.avtalegiro.cancellations import plan_cancellations
from reskontro.services.invoicing.numbering import take_number
from reskontro.storage.bulk import BulkSql
from reskontro.storage.models_avtalegiro import AvtaleGiroFile, Claim

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Table
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.services.avtalegiro.cancellations import Cancellation
    from reskontro.storage.models_avtalegiro import AvtaleGiroAgreement

_TYPE_21 = AvtaleGiroTransactionType.BANK_NOTIFICATION
_TYPE_02 = AvtaleGiroTransactionType.PAYEE_NOTIFICATION
_OPEN = (InvoiceStatus.OPEN.value, InvoiceStatus.PARTIALLY_PAID.value)
_CHUNK = 5000
_SENT, _TOO_LATE = ClaimState.SENT.value, ClaimState.TOO_LATE.value
#: The claims table, for Core executemany inserts (the ORM's bulk path costs more).
_CLAIMS = cast("Table", Claim.__table__)


@dataclass(frozen=True, slots=True)
class ClaimsRun:
    """What a claims run wrote (or why it wrote nothing)."""

    claims: int
    cancellations: int
    #: The sum of the claims, øre.
    amount_ore: int
    #: Our transmission number, or None when there was nothing to send.
    transmission_number: str | None
    #: Invoices due too soon for a claim: flagged, paid with a giro.
    too_late: int
    #: The Oslo date the run counted from.
    run_date: dt.date
    file_id: int | None
    #: The daily run found the day's file already written.
    skipped: bool = False
    #: What the user should know (due too soon, not NOK, may already be drawn).
    notes: tuple[Message, ...] = ()
    #: The file's bytes (ISO-8859-1, CRLF); empty when nothing was written.
    content: bytes = field(default=b"", repr=False, metadata={"json": False})


@dataclass(frozen=True, slots=True)
class _Candidate:
    invoice_id: int
    number: int
    kid: str
    due: dt.date
    invoice_date: dt.date
    open_ore: int
    vat_ore: int
    total_ore: int
    currency: str
    name: str
    mandate_id: int
    notify: bool


def _local_now(clock: Clock, on: dt.date | None) -> dt.datetime:
    """Oslo wall time of the run; a date other than today counts from its morning."""
    local = clock.now().astimezone(OSLO)
    if on is not None and on != local.date():
        return dt.datetime.combine(on, dt.time(0, 0))
    return local.replace(tzinfo=None)


_CANDIDATES = """
SELECT i.id, i.number, i.kid, i.due_date, i.invoice_date, i.total_ore - i.settled_ore,
       i.vat_ore, i.total_ore, i.currency, c.name, m.id, m.notify
FROM invoice i
JOIN customer c ON c.id = i.customer_id
JOIN avtalegiro_mandate m ON m.customer_id = i.customer_id AND m.state = ?
LEFT JOIN avtalegiro_claim k ON k.invoice_id = i.id
WHERE i.company_id = ? AND i.kind = ? AND i.status IN (?, ?) AND i.kid IS NOT NULL
  AND i.due_date <= ? AND k.id IS NULL
ORDER BY i.number, m.id
"""


def _day(value: dt.date | str, seen: dict[str, dt.date]) -> dt.date:
    """A date column as the driver returns it (ISO text on SQLite; the few dates of a
    run are parsed once each)."""
    if not isinstance(value, str):
        return value
    day = seen.get(value)
    if day is None:
        day = seen[value] = dt.date.fromisoformat(value)
    return day


def _candidates(session: Session, company_id: int, latest: dt.date) -> list[_Candidate]:
    """The invoices to claim, on the driver's own cursor: SQLAlchemy's row machinery
    costs more than the query for 100 000 rows (measured by the avtalegiro bench)."""
    sql = BulkSql(session.connection())
    rows = sql.all(
        _CANDIDATES,
        (MandateState.ACTIVE.value, company_id, InvoiceKind.INVOICE.value, *_OPEN,
         sql.day(latest)),
    )  # fmt: skip
    seen: set[int] = set()
    days: dict[str, dt.date] = {}
    found = []
    for row in rows:
        if row[0] not in seen and row[5] > 0:
            seen.add(row[0])
            found.append(
                _Candidate(row[0], row[1], row[2], _day(row[3], days), _day(row[4], days),
                           row[5], row[6], row[7], row[8], row[9], row[10], bool(row[11]))
            )  # fmt: skip
    return found


def _notice_lines(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[NoticeLine]]:
    sql = BulkSql(session.connection())
    lines: dict[int, list[NoticeLine]] = {}
    for start in range(0, len(invoice_ids), _CHUNK):
        where, params = sql.one_of_ints("invoice_id", list(invoice_ids[start : start + _CHUNK]))
        rows = sql.all(
            f"SELECT invoice_id, description, net_ore FROM invoice_line WHERE {where}"
            " ORDER BY invoice_id, position",
            params,
        )
        for invoice_id, description, net in rows:
            lines.setdefault(invoice_id, []).append(NoticeLine(description, net))
    return lines


def _claim(c: _Candidate, number: int, kind: AvtaleGiroTransactionType, notice: str) -> Any:
    return AvtaleGiroClaim(
        type=kind,
        number=number,
        due_date=c.due,
        amount=c.open_ore,
        kid=c.kid,
        payer_name=short_name(c.name),
        external_reference=f"Faktura {c.number}",
        specifications=specifications_from_text(notice) if notice else (),
    )


def _cancellation(c: Cancellation, number: int) -> AvtaleGiroClaim:
    return AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.CANCELLATION,
        number=number,
        due_date=c.due_date,
        amount=c.amount_ore,
        kid=c.kid,
        payer_name=short_name(c.customer_name),
        external_reference=f"Faktura {c.invoice_number}",
    )


def _seven(session: Session, company_id: int, series: str) -> str:
    value = take_number(session, company_id, series)
    if value >= 10**7:  # pragma: no cover - ten million files
        raise ReskontroError(Message.of(Code.SERIES_EXHAUSTED, series=series))
    return f"{value:07d}"


def _check(data: bytes, claims: int, cancellations: int, amount: int) -> None:
    """Read the file back: every control field, and what it holds against what we meant."""
    read = check_claims_file(data)
    found = (read.claims, read.cancellations, read.claims_amount)
    if found != (claims, cancellations, amount):  # pragma: no cover - a writer bug
        raise ReskontroError(
            Message.of(
                Code.CLAIMS_READ_BACK,
                found=str(found),
                meant=str((claims, cancellations, amount)),
            )
        )


def write_claims(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    on: dt.date | None = None,
    daily: bool = False,
    actor: str,
) -> ClaimsRun:
    """Write the claims transmission due today (or counting from ``on``).

    ``daily``: the scheduled run, which writes at most one file per day; a user who
    asks again gets a new file with whatever has come up since (never a claim twice).
    """
    local = _local_now(clock, on)
    run_date = local.date()
    with collector_paused(), sessions.begin() as session:
        # The agreement row is locked: two runs for one company never overlap.
        agreement = agreement_of(session, company_id, lock=True)
        if daily:
            done = session.execute(
                select(AvtaleGiroFile.id).where(
                    AvtaleGiroFile.company_id == company_id,
                    AvtaleGiroFile.direction == FileDirection.CLAIMS.value,
                    AvtaleGiroFile.run_date == run_date,
                )
            ).first()
            if done is not None:
                return ClaimsRun(0, 0, 0, None, 0, run_date, None, skipped=True)
        return _run(session, agreement, local, clock.now(), actor)


def _run(
    session: Session,
    agreement: AvtaleGiroAgreement,
    local: dt.datetime,
    now: dt.datetime,
    actor: str,
) -> ClaimsRun:
    company_id = agreement.company_id
    window = claim_window(local)
    notes: list[Message] = []
    to_claim: list[_Candidate] = []
    too_late: list[dict[str, object]] = []
    for c in _candidates(session, company_id, window.latest):
        if c.currency != "NOK":
            notes.append(Message.of(Code.NOT_NOK, invoice=c.number, currency=c.currency))
        elif decide_claim(c.due, window) is ClaimDecision.CLAIM:
            to_claim.append(c)
        else:
            note = Message.of(Code.DUE_TOO_SOON, due=c.due, earliest=window.earliest)
            notes.append(note)
            too_late.append(_row(company_id, c, _TOO_LATE, now, reason=note.dumps()))
    if too_late:
        session.execute(insert(_CLAIMS), too_late)
    plan = plan_cancellations(session, company_id, local.date())
    notes.extend(plan.notes)
    if not to_claim and not plan.cancel:
        return ClaimsRun(0, 0, 0, None, len(too_late), local.date(), None, notes=tuple(notes))
    wants_notice = {c.invoice_id for c in to_claim if agreement.bank_notifies and c.notify}
    lines = _notice_lines(session, sorted(wants_notice))
    claims = []
    for n, c in enumerate(to_claim, 1):
        if c.invoice_id in wants_notice:
            notice = notice_text(
                invoice_number=c.number, invoice_date=c.invoice_date, due=c.due,
                lines=lines.get(c.invoice_id, []), total_ore=c.open_ore,
            )  # fmt: skip
            claims.append(_claim(c, n, _TYPE_21, notice))
        else:
            claims.append(_claim(c, n, _TYPE_02, ""))
    transmission_number = _seven(session, company_id, TRANSMISSION_SERIES)
    assignments = []
    claims_number = cancels_number = None
    if claims:
        claims_number = _seven(session, company_id, ASSIGNMENT_SERIES)
        assignments.append(ClaimAssignment(claims_number, agreement.account, tuple(claims)))
    if plan.cancel:
        cancels_number = _seven(session, company_id, ASSIGNMENT_SERIES)
        items = tuple(_cancellation(c, n) for n, c in enumerate(plan.cancel, 1))
        assignments.append(
            ClaimAssignment(cancels_number, agreement.account, items, AssignmentType.CANCELLATIONS)
        )
    transmission = Transmission.for_claims(
        agreement.data_transmitter, transmission_number, tuple(assignments)
    )
    data = write_claims_file(transmission)
    amount = sum(c.amount for c in claims)
    _check(data, len(claims), len(plan.cancel), amount)
    file_row = AvtaleGiroFile(
        company_id=company_id, direction=FileDirection.CLAIMS.value,
        filename=f"avtalegiro-{transmission_number}.txt",
        sha256=hashlib.sha256(data).hexdigest(), content=data,
        transmission_number=transmission_number, claims_assignment=claims_number,
        cancellations_assignment=cancels_number, run_date=local.date(), claims=len(claims),
        cancellations=len(plan.cancel), amount_ore=amount, new=0, changed=0, deleted=0,
        created_at=now, actor=actor,
    )  # fmt: skip
    session.add(file_row)
    session.flush()
    if claims:
        sql = BulkSql(session.connection())
        sql.insert(
            "avtalegiro_claim",
            "invoice_id, mandate_id, kid, amount_ore, due_date, transaction_type, state,"
            " transaction_number",
            [
                (c.invoice_id, c.mandate_id, c.kid, c.open_ore, sql.day(c.due), int(item.type),
                 _SENT, item.number)
                for c, item in zip(to_claim, claims, strict=True)
            ],
            {"company_id": company_id, "file_id": file_row.id, "created_at": now,
             "updated_at": now},
        )  # fmt: skip
    if plan.cancel:
        session.execute(
            update(Claim),
            [
                {
                    "id": c.claim_id,
                    "state": ClaimState.CANCELLED.value,
                    "cancel_file_id": file_row.id,
                    "updated_at": now,
                }
                for c in plan.cancel
            ],
        )
    audit.record(
        session, at=now, actor=actor, action="avtalegiro.claims",
        object_type="avtalegiro_file", object_id=file_row.id, company_id=company_id,
        after={"transmission_number": transmission_number, "claims": len(claims),
               "cancellations": len(plan.cancel), "amount_ore": amount},
    )  # fmt: skip
    return ClaimsRun(
        claims=len(claims), cancellations=len(plan.cancel), amount_ore=amount,
        transmission_number=transmission_number, too_late=len(too_late),
        run_date=local.date(), file_id=file_row.id, notes=tuple(notes), content=data,
    )  # fmt: skip


def _row(
    company_id: int, c: _Candidate, state: str, now: dt.datetime, *, reason: str
) -> dict[str, object]:
    """A claim row that was never sent (``too_late``)."""
    return {
        "company_id": company_id,
        "invoice_id": c.invoice_id,
        "mandate_id": c.mandate_id,
        "kid": c.kid,
        "amount_ore": c.open_ore,
        "due_date": c.due,
        "transaction_type": None,
        "state": state,
        "file_id": None,
        "transaction_number": None,
        "reason": reason,
        "created_at": now,
        "updated_at": now,
    }


__all__ = ["ClaimsRun", "write_claims"]

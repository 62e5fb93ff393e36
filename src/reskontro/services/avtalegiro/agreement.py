"""The company's AvtaleGiro agreement with Nets.

It lives beside the OCR agreement and draws to the same account (Nets requires an OCR
agreement on the account: settled claims come back as OCR transactions of type 15).
The KID rule is the company's: the customer number stands at positions A-B of the KID
(``company kid --avtalegiro-customer-position``, else where the KID template puts
the customer number); a template without a customer number cannot carry AvtaleGiro.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - a dataclass field type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.avtalegiro import AgreementStatus, Code
from reskontro.domain.company import validate_account
from reskontro.errors import InvalidNumber, NotFound, StateError, ValidationError
from reskontro.formats.nets import NETS_ID
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import Company, NumberSeries
from reskontro.storage.models_automation import OcrAgreement
from reskontro.storage.models_avtalegiro import AvtaleGiroAgreement
from reskontro.storage.repo import LookupCode, template_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

#: Number series of our transmission and assignment numbers (7 digits).
TRANSMISSION_SERIES = "ag_transmission"
ASSIGNMENT_SERIES = "ag_assignment"


@dataclass(frozen=True, slots=True)
class AgreementView:
    company_id: int
    agreement_id: str
    account: str
    data_transmitter: str
    #: True: the bank notifies payers who want a notice (type 21); False: we do (02).
    bank_notifies: bool
    status: AgreementStatus
    #: 1-based positions of the customer number in the KID.
    customer_position: tuple[int, int]
    kid_template: str
    registered_at: dt.datetime


def customer_position(company: Company) -> tuple[int, int]:
    """Where the customer number stands in the company's KIDs (1-based, inclusive)."""
    first, last = company.avtalegiro_customer_first, company.avtalegiro_customer_last
    if first is not None and last is not None:
        return first, last
    found = template_of(company).position_of(kidlib.Part.CUSTOMER)
    if found is None:
        raise ValidationError(
            Message.of(Code.NO_CUSTOMER_POSITION, template=company.kid_template),
            field="kid_template",
        )
    return found


def _digits(value: str, width: int, code: Code, field: str) -> str:
    text = "".join(value.split())
    if len(text) != width or not text.isdigit() or not text.isascii():
        raise ValidationError(Message.of(code, value=value), field=field)
    return text


def _ocr_account(session: Session, company_id: int) -> str | None:
    return session.execute(
        select(OcrAgreement.account).where(
            OcrAgreement.company_id == company_id, OcrAgreement.status != "ended"
        )
    ).scalar_one_or_none()


def view_of(row: AvtaleGiroAgreement, company: Company) -> AgreementView:
    return AgreementView(
        company_id=row.company_id,
        agreement_id=row.agreement_id,
        account=row.account,
        data_transmitter=row.data_transmitter,
        bank_notifies=row.bank_notifies,
        status=AgreementStatus(row.status),
        customer_position=customer_position(company),
        kid_template=company.kid_template,
        registered_at=row.registered_at,
    )


def agreement_of(session: Session, company_id: int, *, lock: bool = False) -> AvtaleGiroAgreement:
    """The company's agreement in force; :class:`NotFound` or :class:`StateError`.

    ``lock``: ``SELECT ... FOR UPDATE`` (SQLite's writers are serialised anyway).
    """
    query = select(AvtaleGiroAgreement).where(AvtaleGiroAgreement.company_id == company_id)
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(Message.of(Code.NO_AGREEMENT, company=company_id))
    if row.status != AgreementStatus.ACTIVE:
        raise StateError(Message.of(Code.AGREEMENT_ENDED, agreement_id=row.agreement_id))
    return row


def company_of(session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
    return company


def register_agreement(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    agreement_id: str,
    data_transmitter: str,
    account: str | None = None,
    bank_notifies: bool = True,
    actor: str,
) -> AgreementView:
    """Record (or change) the company's AvtaleGiro agreement.

    The account defaults to the OCR agreement's (else the company's) and must be the
    OCR agreement's when one is in force.
    """
    agreement = _digits(agreement_id, 9, Code.AGREEMENT_ID, "agreement_id")
    transmitter = _digits(data_transmitter, 8, Code.DATA_TRANSMITTER, "data_transmitter")
    if transmitter == NETS_ID:
        raise ValidationError(
            Message.of(Code.DATA_TRANSMITTER, value=data_transmitter), field="data_transmitter"
        )
    now = clock.now()
    with sessions.begin() as session:
        company = company_of(session, company_id)
        customer_position(company)
        ocr = _ocr_account(session, company_id)
        if account is None:
            chosen = ocr or company.account
        else:
            try:
                chosen = validate_account(account)
            except InvalidNumber as exc:
                raise ValidationError(exc.msg or exc.message, field="account") from None
            if ocr is not None and chosen != ocr:
                raise ValidationError(
                    Message.of(Code.NOT_OCR_ACCOUNT, account=chosen, ocr_account=ocr),
                    field="account",
                )
        row = session.execute(
            select(AvtaleGiroAgreement).where(AvtaleGiroAgreement.company_id == company_id)
        ).scalar_one_or_none()
        if row is None:
            row = AvtaleGiroAgreement(company_id=company_id, registered_at=now, actor=actor)
            session.add(row)
        row.agreement_id = agreement
        row.data_transmitter = transmitter
        row.account = chosen
        row.bank_notifies = bank_notifies
        row.status = AgreementStatus.ACTIVE.value
        for kind in (TRANSMISSION_SERIES, ASSIGNMENT_SERIES):
            if session.get(NumberSeries, (company_id, kind)) is None:
                session.add(NumberSeries(company_id=company_id, kind=kind, next_value=1))
        session.flush()
        view = view_of(row, company)
        audit.record(
            session, at=now, actor=actor, action="avtalegiro.agreement",
            object_type="avtalegiro_agreement", object_id=row.id, company_id=company_id,
            after={"agreement_id": agreement, "account": chosen,
                   "data_transmitter": transmitter, "bank_notifies": bank_notifies},
        )  # fmt: skip
        return view


def show_agreement(sessions: sessionmaker[Session], company_id: int) -> AgreementView | None:
    with sessions() as session:
        company = company_of(session, company_id)
        row = session.execute(
            select(AvtaleGiroAgreement).where(AvtaleGiroAgreement.company_id == company_id)
        ).scalar_one_or_none()
        return None if row is None else view_of(row, company)


__all__ = [
    "ASSIGNMENT_SERIES",
    "TRANSMISSION_SERIES",
    "AgreementView",
    "agreement_of",
    "company_of",
    "customer_position",
    "register_agreement",
    "show_agreement",
]

"""A private customer's eFaktura look-up data on the card: the national identity
number (stored encrypted with Fernet, the key from ``RESKONTRO_NATIONAL_ID_KEY``;
shown masked; every read audited) and the mobile number."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.delivery import CustomerKind
from reskontro.domain.efaktura import (
    CardError,
    KeyProblem,
    mask_national_id,
    validate_mobile,
    validate_national_id,
)
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.storage.models import Customer

#: The environment variable holding the Fernet key (``Fernet.generate_key()``).
KEY_VARIABLE = "RESKONTRO_NATIONAL_ID_KEY"


def _fernet() -> object:
    from cryptography.fernet import Fernet

    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key:
        raise ValidationError(Message.of(KeyProblem.NO_KEY, variable=KEY_VARIABLE))
    try:
        return Fernet(key.encode())
    except ValueError:
        raise ValidationError(Message.of(KeyProblem.BAD_KEY, variable=KEY_VARIABLE)) from None


def encrypt(number: str) -> str:
    from cryptography.fernet import Fernet

    fernet = _fernet()
    assert isinstance(fernet, Fernet)
    return fernet.encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    from cryptography.fernet import Fernet, InvalidToken

    fernet = _fernet()
    assert isinstance(fernet, Fernet)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValidationError(Message.of(KeyProblem.BAD_KEY, variable=KEY_VARIABLE)) from None


def read_national_id(
    session: Session, customer: Customer, *, now: dt.datetime, actor: str, purpose: str
) -> str | None:
    """The customer's national identity number in clear; the read is audited."""
    if not customer.national_id_enc:
        return None
    number = decrypt(customer.national_id_enc)
    audit.record(
        session, at=now, actor=actor, action="customer.national_id_read",
        object_type="customer", object_id=customer.id, company_id=customer.company_id,
        before=None, after={"purpose": purpose},
    )  # fmt: skip
    return number


@dataclass(frozen=True, slots=True)
class EfakturaCard:
    """The eFaktura fields of a customer card, as shown (the number masked)."""

    customer: int
    national_id: str | None
    mobile: str | None
    email: str | None
    efaktura_address: str | None
    answer: str | None
    checked_at: dt.datetime | None
    blocked: bool
    delivery_method: str


def card_of(customer: Customer, national_id: str | None) -> EfakturaCard:
    return EfakturaCard(
        customer=customer.number,
        national_id=(
            mask_national_id(national_id)
            if national_id
            else ("*" * 11 if customer.national_id_enc else None)
        ),
        mobile=customer.mobile,
        email=customer.email,
        efaktura_address=customer.efaktura_address,
        answer=customer.efaktura_answer,
        checked_at=customer.efaktura_checked_at,
        blocked=customer.efaktura_blocked,
        delivery_method=customer.delivery_method,
    )


def set_person_data(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    number: int,
    *,
    national_id: str | None = None,
    mobile: str | None = None,
    actor: str,
) -> EfakturaCard:
    """Give a private customer a national identity number and/or a mobile number
    (an empty text removes it). The audit log keeps only the masked number."""
    with sessions.begin() as session:
        customer = customer_by_number(session, company_id, number)
        before = {"national_id": bool(customer.national_id_enc), "mobile": customer.mobile}
        shown: str | None = None
        clear: str | None = None
        if national_id is not None:
            if customer.kind != CustomerKind.PERSON:
                raise ValidationError(Message.of(CardError.NOT_A_PERSON), field="national_id")
            if national_id.strip():
                clear = validate_national_id(national_id)
                customer.national_id_enc = encrypt(clear)
                shown = mask_national_id(clear)
            else:
                customer.national_id_enc = None
            _reset_lookup(customer)
        if mobile is not None:
            customer.mobile = validate_mobile(mobile) if mobile.strip() else None
            _reset_lookup(customer)
        audit.record(
            session, at=clock.now(), actor=actor, action="customer.efaktura_data",
            object_type="customer", object_id=customer.id, company_id=company_id,
            before=before, after={"national_id": shown, "mobile": customer.mobile},
        )  # fmt: skip
        return card_of(customer, clear)


def _reset_lookup(customer: Customer) -> None:
    """New look-up data: the last answer is no longer about them."""
    customer.efaktura_checked_at = None

"""How a document reaches its customer: the customer card's delivery fields and the
rules each delivery method checks before anything leaves.

Pure: no database, clock or network. The services gather what a rule needs into a
:class:`SendFacts` and ask :func:`refusal` whether the method may send; the answer is
a :class:`Refusal` code with parameters, or None.

>>> parse_peppol_id(" 0192:987 654 325 ")
'0192:987654325'
>>> validate_postcode("NO", "0150")
'0150'
>>> DeliveryMethod("ehf").label
'EHF'
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.company import validate_org_number
from reskontro.domain.efaktura import Rule, broken_rule
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.domain.efaktura import InvoiceFacts


class CustomerKind(enum.StrEnum):
    """A business (invoiced by EHF from 2027) or a private person."""

    BUSINESS = "business"
    PERSON = "person"


class DeliveryMethod(enum.StrEnum):
    """How invoices reach the customer (*leveringsmåte*). AvtaleGiro is a payment
    method beside it, not a delivery method."""

    EMAIL = "email"
    EHF = "ehf"
    EFAKTURA = "efaktura"
    PRINT = "print"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    DeliveryMethod.EMAIL: "e-mail",
    DeliveryMethod.EHF: "EHF",
    DeliveryMethod.EFAKTURA: "eFaktura",
    DeliveryMethod.PRINT: "print",
}


class DeliveryState(enum.StrEnum):
    """queued → sending → sent → delivered | failed; refused when a rule forbids it.

    ``sent`` is final for e-mail (the SMTP server took it); EHF becomes ``delivered``
    when the access point's receipt says so; print when the day's PDF is made.
    """

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    REFUSED = "refused"

    @property
    def final(self) -> bool:
        return self in _FINAL


_FINAL = frozenset({DeliveryState.DELIVERED, DeliveryState.FAILED, DeliveryState.REFUSED})


class DocumentKind(enum.StrEnum):
    """What a delivery carries. Reminders and notices use the same mechanism."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    REMINDER = "reminder"
    NOTICE = "notice"


# -- the customer card --------------------------------------------------------------


class CardError(enum.StrEnum):
    """What is wrong with a field of a customer card."""

    NAME_MISSING = "customer.name_missing"
    BAD_EMAIL = "customer.bad_email"
    BAD_COUNTRY = "customer.bad_country"
    BAD_POSTCODE_NO = "customer.bad_postcode_no"
    BAD_POSTCODE = "customer.bad_postcode"
    BAD_PEPPOL_ID = "customer.bad_peppol_id"
    BAD_CHOICE = "customer.bad_choice"
    BAD_LANGUAGE = "customer.bad_language"
    PLACEHOLDER = "customer.placeholder"
    NUMBER_POSITIVE = "customer.number_positive"


_PEPPOL_ID = re.compile(r"(?P<scheme>\d{4}):(?P<id>[^\s:]{1,50})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
#: The ICD of Norwegian organisation numbers (Enhetsregisteret).
NORWEGIAN_ORG_SCHEME = "0192"


def parse_peppol_id(text: str) -> str:
    """A Peppol participant id ``SCHEME:ID``; for scheme 0192 the ID is a valid
    Norwegian organisation number (spaces dropped).

    >>> parse_peppol_id("0192:123456785")
    '0192:123456785'
    >>> parse_peppol_id("0192:123456789")
    Traceback (most recent call last):
    ...
    reskontro.errors.InvalidNumber: organisation number '123456789' is not valid: ...
    """
    match = _PEPPOL_ID.fullmatch(text.strip().replace(" ", ""))
    if match is None:
        raise ValidationError(Message.of(CardError.BAD_PEPPOL_ID, value=text), field="peppol_id")
    scheme, ident = match["scheme"], match["id"]
    if scheme == NORWEGIAN_ORG_SCHEME:
        ident = validate_org_number(ident)
    return f"{scheme}:{ident}"


def peppol_id_of(org_number: str) -> str:
    """The Peppol id of a Norwegian organisation.

    >>> peppol_id_of("123456785")
    '0192:123456785'
    """
    return f"{NORWEGIAN_ORG_SCHEME}:{validate_org_number(org_number)}"


def participant_id(
    kind: CustomerKind, org_number: str | None, country: str, peppol_id: str | None
) -> str | None:
    """The Peppol id of a card: its own, else ``0192:`` and the organisation number of
    a Norwegian business; None when there is neither.

    >>> participant_id(CustomerKind.BUSINESS, "923609016", "NO", None)
    '0192:923609016'
    >>> participant_id(CustomerKind.PERSON, "923609016", "NO", None) is None
    True
    """
    if peppol_id:
        return peppol_id
    if org_number and kind is CustomerKind.BUSINESS and country == "NO":
        return peppol_id_of(org_number)
    return None


def first_method(*, email: str | None, participant: str | None) -> DeliveryMethod:
    """The delivery method of a new card that names none: e-mail when it has an
    address to send to; else EHF for a business with a Peppol id (see
    :func:`participant_id`); else print.

    >>> first_method(email="post@bakeri.no", participant="0192:923609016").label
    'e-mail'
    >>> first_method(email=None, participant="0192:923609016").label
    'EHF'
    >>> first_method(email=None, participant=None).label
    'print'
    """
    if email:
        return DeliveryMethod.EMAIL
    if participant is not None:
        return DeliveryMethod.EHF
    return DeliveryMethod.PRINT


def validate_email(text: str, *, field: str = "email") -> str:
    """An e-mail address of the plain ``local@domain.tld`` shape.

    >>> validate_email("post@bakeri.no")
    'post@bakeri.no'
    """
    value = text.strip()
    if not _EMAIL.fullmatch(value) or len(value) > 200:
        raise ValidationError(Message.of(CardError.BAD_EMAIL, value=text), field=field)
    return value


def validate_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 country code, upper case.

    >>> validate_country("se")
    'SE'
    """
    value = text.strip().upper()
    if not _COUNTRY.fullmatch(value):
        raise ValidationError(Message.of(CardError.BAD_COUNTRY, value=text), field="country")
    return value


def validate_postcode(country: str, text: str) -> str:
    """A postcode; in Norway four digits.

    >>> validate_postcode("NO", "150")
    Traceback (most recent call last):
    ...
    reskontro.errors.ValidationError: A Norwegian postcode has 4 digits, not '150'
    """
    value = text.strip()
    if country == "NO" and not re.fullmatch(r"\d{4}", value):
        raise ValidationError(Message.of(CardError.BAD_POSTCODE_NO, value=text), field="postcode")
    if not value or len(value) > 20:
        raise ValidationError(Message.of(CardError.BAD_POSTCODE, value=text), field="postcode")
    return value


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """A structured postal address; complete when street, postcode and city are given."""

    street: str | None
    postcode: str | None
    city: str | None
    country: str = "NO"

    @property
    def complete(self) -> bool:
        return bool(self.street and self.postcode and self.city)

    def lines(self) -> tuple[str, ...]:
        """The address as printed on an envelope.

        >>> PostalAddress("Storgata 1", "0150", "Oslo").lines()
        ('Storgata 1', '0150 Oslo')
        """
        place = " ".join(p for p in (self.postcode, self.city) if p)
        out = [p for p in (self.street, place) if p]
        if self.country != "NO" and out:
            out.append(self.country)
        return tuple(out)


# -- a method's rules -----------------------------------------------------------------


class Refusal(enum.StrEnum):
    """Why a method may not send a document (the rule that forbids it)."""

    NO_EMAIL_ADDRESS = "delivery.no_email_address"
    NO_PEPPOL_ID = "delivery.no_peppol_id"
    NOT_ISSUED = "delivery.not_issued"
    NO_POSTAL_ADDRESS = "delivery.no_postal_address"
    EFAKTURA_UNAVAILABLE = "delivery.efaktura_unavailable"
    EFAKTURA_DUE_DATE = "delivery.efaktura_due_date"
    EFAKTURA_CURRENCY = "delivery.efaktura_currency"
    #: The register has no eFaktura address for the customer (or they blocked us).
    EFAKTURA_NOT_FOUND = "delivery.efaktura_not_found"
    EFAKTURA_BLOCKED = "delivery.efaktura_blocked"
    PEPPOL_CANNOT_RECEIVE = "delivery.peppol_cannot_receive"


@dataclass(frozen=True, slots=True)
class SendFacts:
    """What the rules of every method need to know about one send."""

    method: DeliveryMethod
    issued: bool
    email: str | None
    peppol_id: str | None
    #: The last Peppol look-up: True / False, or None when never looked up.
    peppol_can_receive: bool | None
    address: PostalAddress
    currency: str
    due_date: dt.date | None
    send_date: dt.date
    #: eFaktura: what MPS' rules (:mod:`reskontro.domain.efaktura`) check, or None
    #: when the invoice is not written yet (a bulk plan: only the currency is known).
    efaktura: InvoiceFacts | None = None


@dataclass(frozen=True, slots=True)
class RefusedBecause:
    """A refusal with the parameters its text needs: a delivery rule, or one of
    MPS' eFaktura rules (:class:`reskontro.domain.efaktura.Rule`)."""

    code: Refusal | Rule
    params: tuple[tuple[str, str | int | None], ...] = ()


#: eFaktura's window for the due date, in days after sending (efaktura.md).
EFAKTURA_MIN_DAYS = 3
EFAKTURA_MAX_DAYS = 365


def refusal(facts: SendFacts) -> RefusedBecause | None:
    """The first rule of ``facts.method`` that forbids the send, or None.

    >>> import datetime as dt
    >>> base = SendFacts(DeliveryMethod.EMAIL, True, None, None, None,
    ...     PostalAddress(None, None, None), "NOK", None, dt.date(2027, 1, 4))
    >>> refusal(base).code
    <Refusal.NO_EMAIL_ADDRESS: 'delivery.no_email_address'>
    """
    if not facts.issued:
        return RefusedBecause(Refusal.NOT_ISSUED)
    method = facts.method
    if method is DeliveryMethod.EMAIL and not facts.email:
        return RefusedBecause(Refusal.NO_EMAIL_ADDRESS)
    if method is DeliveryMethod.EHF:
        if not facts.peppol_id:
            return RefusedBecause(Refusal.NO_PEPPOL_ID)
        if facts.peppol_can_receive is False:
            return RefusedBecause(Refusal.PEPPOL_CANNOT_RECEIVE, (("peppol_id", facts.peppol_id),))
    if method is DeliveryMethod.PRINT and not facts.address.complete:
        return RefusedBecause(Refusal.NO_POSTAL_ADDRESS)
    if method is DeliveryMethod.EFAKTURA:
        return _efaktura_refusal(facts)
    return None


def _efaktura_refusal(facts: SendFacts) -> RefusedBecause | None:
    """MPS' rules, each named when broken (due date 3–365 days after sending, NOK,
    amount above zero, KID or invoice number, a MOD11 billing account)."""
    if facts.efaktura is None:
        if facts.currency != "NOK":
            return RefusedBecause(Rule.NOT_NOK, (("currency", facts.currency),))
        return None
    broken = broken_rule(facts.efaktura)
    if broken is None:
        return None
    params = tuple((k, v) for k, v in broken.params if isinstance(v, str | int))
    return RefusedBecause(Rule(broken.code), params)

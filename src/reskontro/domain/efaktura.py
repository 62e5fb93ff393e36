"""eFaktura 2.0 (consumer invoices into the online bank through Mastercard Payment
Services): the rules an invoice must meet before it is sent, the national identity
number a look-up may use, and the states of a look-up and a consignment.

Pure: no database, clock or network. The services gather an :class:`InvoiceFacts`
and ask :func:`broken_rule` for the first rule the send breaks, as a
:class:`~reskontro.messages.Message` naming it (code and parameters), or None.

>>> import datetime as dt
>>> facts = InvoiceFacts(dt.date(2027, 1, 4), dt.date(2027, 1, 6), "NOK", 10000,
...     "12345678903", "1001", "86011117947")
>>> broken_rule(facts).code
'efaktura.due_too_soon'
>>> mask_national_id("01010012356")
'010100*****'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stdnum import exceptions as stdnum_exceptions
from stdnum.no import fodselsnummer, kontonr

from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    import datetime as dt

#: The due date's window, in days after the send date. The lower limit is what a
#: vendor documents (at least three days ahead); the upper is our issue's rule
#: (MPS publishes none: see docs/efaktura.md).
MIN_DAYS = 3
MAX_DAYS = 365
#: The only currency an eFaktura may carry.
CURRENCY = "NOK"
#: How long a look-up answer is trusted before the register is asked again.
LOOKUP_TTL_HOURS = 24


class Rule(enum.StrEnum):
    """A rule of MPS' that an eFaktura must meet (each names itself when broken)."""

    DUE_TOO_SOON = "efaktura.due_too_soon"
    DUE_TOO_LATE = "efaktura.due_too_late"
    NO_DUE_DATE = "efaktura.no_due_date"
    NOT_NOK = "efaktura.not_nok"
    AMOUNT_NOT_POSITIVE = "efaktura.amount_not_positive"
    NO_REFERENCE = "efaktura.no_reference"
    BAD_BILLING_ACCOUNT = "efaktura.bad_billing_account"


class CardError(enum.StrEnum):
    """What is wrong with the eFaktura fields of a customer card."""

    BAD_NATIONAL_ID = "efaktura.bad_national_id"
    NOT_A_PERSON = "efaktura.not_a_person"
    BAD_MOBILE = "efaktura.bad_mobile"


class KeyProblem(enum.StrEnum):
    """The key for national identity numbers is missing or wrong."""

    NO_KEY = "efaktura.no_key"
    BAD_KEY = "efaktura.bad_key"


class Answer(enum.StrEnum):
    """The result of a look-up in the eFaktura 2.0 register."""

    #: The person accepts eFaktura from every issuer: an eFaktura address was found.
    CAN_RECEIVE = "can_receive"
    #: No eFaktura address for what we know of the person.
    NOT_FOUND = "not_found"
    #: The person has an address but has blocked us (the issuer's blocked list).
    BLOCKED = "blocked"
    #: The register could not be asked (down, timed out, not set up).
    UNAVAILABLE = "unavailable"

    @property
    def definite(self) -> bool:
        """A definite answer is kept on the card; UNAVAILABLE is not an answer."""
        return self is not Answer.UNAVAILABLE


class ConsignmentState(enum.StrEnum):
    """A consignment at MPS: received → processing → processed | rejected."""

    RECEIVED = "received"
    PROCESSING = "processing"
    PROCESSED = "processed"
    REJECTED = "rejected"

    @property
    def final(self) -> bool:
        return self in {ConsignmentState.PROCESSED, ConsignmentState.REJECTED}


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """What the rules need to know about one eFaktura send."""

    send_date: dt.date
    due_date: dt.date | None
    currency: str
    amount_ore: int
    kid: str | None
    invoice_number: str | None
    billing_account: str | None


def broken_rule(facts: InvoiceFacts) -> Message | None:
    """The first rule the send breaks, or None when it may go.

    >>> import datetime as dt
    >>> ok = InvoiceFacts(dt.date(2027, 1, 4), dt.date(2027, 1, 7), "NOK", 1, None, "7",
    ...     "86011117947")
    >>> broken_rule(ok) is None
    True
    """
    problems = broken_rules(facts)
    return problems[0] if problems else None


def broken_rules(facts: InvoiceFacts) -> tuple[Message, ...]:
    """Every rule the send breaks, in the order they are checked."""
    out: list[Message] = []
    if facts.currency != CURRENCY:
        out.append(Message.of(Rule.NOT_NOK, currency=facts.currency))
    if facts.due_date is None:
        out.append(Message.of(Rule.NO_DUE_DATE))
    else:
        days = (facts.due_date - facts.send_date).days
        if days < MIN_DAYS:
            out.append(Message.of(Rule.DUE_TOO_SOON, days=days, min=MIN_DAYS))
        elif days > MAX_DAYS:
            out.append(Message.of(Rule.DUE_TOO_LATE, days=days, max=MAX_DAYS))
    if facts.amount_ore <= 0:
        out.append(Message.of(Rule.AMOUNT_NOT_POSITIVE, amount_ore=facts.amount_ore))
    if not (facts.kid or facts.invoice_number):
        out.append(Message.of(Rule.NO_REFERENCE))
    if not account_passes_mod11(facts.billing_account):
        out.append(Message.of(Rule.BAD_BILLING_ACCOUNT, account=facts.billing_account or ""))
    return tuple(out)


def account_passes_mod11(account: str | None) -> bool:
    """A Norwegian 11-digit account number whose check digit is right (MPS error 5006).

    >>> account_passes_mod11("8601 11 17947"), account_passes_mod11("86011117948")
    (True, False)
    """
    if not account:
        return False
    try:
        kontonr.validate(account)
    except stdnum_exceptions.ValidationError:
        return False
    return len(kontonr.compact(account)) == 11


def validate_national_id(text: str) -> str:
    """A Norwegian national identity number (fødselsnummer or D-number), 11 digits.

    >>> validate_national_id("010100 12356")
    '01010012356'
    >>> validate_national_id("01010012357")
    Traceback (most recent call last):
    ...
    reskontro.errors.ValidationError: '01010012357' is not a valid national identity number
    """
    try:
        return str(fodselsnummer.validate(text))
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            Message.of(CardError.BAD_NATIONAL_ID, value=text), field="national_id"
        ) from None


def mask_national_id(number: str) -> str:
    """The number as shown: the date of birth, the personal digits hidden."""
    return number[:6] + "*" * (len(number) - 6)


def validate_mobile(text: str) -> str:
    """A mobile number: 8 digits in Norway (a +47 or 0047 prefix dropped), or an
    international number of 8–15 digits after a ``+``.

    >>> validate_mobile("+47 912 34 567"), validate_mobile("+46701234567")
    ('91234567', '+46701234567')
    """
    value = "".join(text.split())
    for prefix in ("+47", "0047"):
        if value.startswith(prefix) and len(value) == len(prefix) + 8:
            value = value[len(prefix) :]
    if value.isdigit() and len(value) == 8 and value[0] in "49":
        return value
    if value.startswith("+") and value[1:].isdigit() and 8 <= len(value) - 1 <= 15:
        return value
    raise ValidationError(Message.of(CardError.BAD_MOBILE, value=text), field="mobile")

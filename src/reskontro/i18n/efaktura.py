"""Texts of eFaktura 2.0: the rules MPS sets for an invoice, the eFaktura fields of
the customer card, and the answers of a look-up."""

from __future__ import annotations

import enum
from typing import Final

from reskontro.domain.efaktura import CardError, KeyProblem, Rule


class AnswerName(enum.StrEnum):
    """A look-up answer's name (``{answer:@efaktura.answer}``)."""

    CAN_RECEIVE = "efaktura.answer.can_receive"
    NOT_FOUND = "efaktura.answer.not_found"
    BLOCKED = "efaktura.answer.blocked"
    UNAVAILABLE = "efaktura.answer.unavailable"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    Rule.DUE_TOO_SOON: (
        "eFaktura: the due date must be at least {min} days after sending (it is {days})",
        "eFaktura: forfallsdatoen må være minst {min} dager etter utsending (den er {days})",
    ),
    Rule.DUE_TOO_LATE: (
        "eFaktura: the due date must be at most {max} days after sending (it is {days})",
        "eFaktura: forfallsdatoen kan være høyst {max} dager etter utsending (den er {days})",
    ),
    Rule.NO_DUE_DATE: (
        "eFaktura: the invoice has no due date",
        "eFaktura: fakturaen har ingen forfallsdato",
    ),
    Rule.NOT_NOK: (
        "eFaktura: only invoices in NOK can be sent, not {currency}",
        "eFaktura: bare fakturaer i NOK kan sendes, ikke {currency}",
    ),
    Rule.AMOUNT_NOT_POSITIVE: (
        "eFaktura: the amount must be more than zero (it is {amount_ore:kr})",
        "eFaktura: beløpet må være større enn null (det er {amount_ore:kr})",
    ),
    Rule.NO_REFERENCE: (
        "eFaktura: the invoice needs a KID or an invoice number",
        "eFaktura: fakturaen må ha KID eller fakturanummer",
    ),
    Rule.BAD_BILLING_ACCOUNT: (
        "eFaktura: the company's account '{account}' is not an 11-digit Norwegian account"
        " that passes MOD11",
        "eFaktura: firmaets konto '{account}' er ikke et norsk kontonummer på 11 siffer"
        " som består MOD11-kontrollen",
    ),
    CardError.BAD_NATIONAL_ID: (
        "'{value}' is not a valid national identity number",
        "'{value}' er ikke et gyldig fødselsnummer",
    ),
    CardError.NOT_A_PERSON: (
        "only a private customer can carry a national identity number",
        "bare en privatkunde kan ha fødselsnummer",
    ),
    CardError.BAD_MOBILE: (
        "'{value}' is not a mobile number",
        "'{value}' er ikke et mobilnummer",
    ),
    KeyProblem.NO_KEY: (
        "national identity numbers need a key: set {variable}",
        "fødselsnummer krever en nøkkel: sett {variable}",
    ),
    KeyProblem.BAD_KEY: (
        "{variable} is not the key the national identity numbers were stored with",
        "{variable} er ikke nøkkelen fødselsnumrene ble lagret med",
    ),
    AnswerName.CAN_RECEIVE: ("can receive eFaktura", "kan motta eFaktura"),
    AnswerName.NOT_FOUND: ("cannot receive eFaktura", "kan ikke motta eFaktura"),
    AnswerName.BLOCKED: ("has blocked eFaktura from us", "har sperret eFaktura fra oss"),
    AnswerName.UNAVAILABLE: (
        "the eFaktura register did not answer",
        "eFaktura-registeret svarte ikke",
    ),
}

"""The OCR agreement's terms and whether they fit the company's KID set-up (pure).

A business that wants its KID payments reported as OCR Giro files signs an agreement
with Nets through its bank. The agreement names the account it covers, the data
recipient the files go to (kundeenhet-ID), and the KID lengths and modulus registered
for it (spec: ``nets-ocr-giro-and-avtalegiro.md`` §5). If the KIDs on our invoices
do not have a registered length or modulus, banks refuse them or Nets reports them
as unknown, so registering checks the agreement against the company's KID template
and says exactly what does not fit — as codes (:class:`AgreementCode`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from reskontro.domain import kid as kidlib
from reskontro.domain.company import format_account, validate_account
from reskontro.errors import InvalidNumber, ReskontroError, ValidationError
from reskontro.messages import Message, Problem
from reskontro.services.automation.codes import AgreementCode

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    """What Nets registered: checked for form, not yet against the company."""

    agreement_id: str
    account: str
    data_recipient: str
    kid_lengths: tuple[int, ...]
    kid_modulus: kidlib.Modulus

    @property
    def lengths_text(self) -> str:
        return ", ".join(str(n) for n in self.kid_lengths)


def _digits(value: str) -> str:
    return "".join(value.split()).replace(".", "")


def _is_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isdigit() and value.isascii()


E = TypeVar("E", bound=ReskontroError)


def refusal(kind: type[E], head: Message, problems: Sequence[Problem | Message]) -> E:
    """An error of ``kind`` that lists ``problems`` under ``head`` (each a code); its
    English text is ``head: problem; problem`` as the CLI has always printed it."""
    from reskontro.i18n import render, render_problem

    listed = tuple(p if isinstance(p, Problem) else Problem(p) for p in problems)
    error = kind(head, problems=listed)
    error.args = (f"{render(head, 'en')}: " + "; ".join(render_problem(p, "en") for p in listed),)
    return error


def raise_problems(head: AgreementCode, problems: Sequence[Problem]) -> None:
    """One problem is the error itself; several are listed under ``head``."""
    if len(problems) == 1:
        raise ValidationError(problems[0].message, field=problems[0].field)
    if problems:
        raise refusal(ValidationError, Message.of(head), problems)


def parse_terms(
    *,
    agreement_id: str,
    account: str,
    data_recipient: str,
    kid_lengths: Iterable[int],
    kid_modulus: int | str,
) -> AgreementTerms:
    """Check every field's form; one :class:`ValidationError` lists all problems.

    >>> parse_terms(agreement_id="000012345", account="1234.56.78903",
    ...             data_recipient="00105625", kid_lengths=[11], kid_modulus=10).account
    '12345678903'
    """
    problems: list[Problem] = []
    agreement = _digits(agreement_id)
    if not _is_digits(agreement, 9):
        message = Message.of(AgreementCode.AGREEMENT_ID_FORM, value=repr(agreement_id))
        problems.append(Problem(message, field="agreement_id"))
    try:
        acct = validate_account(account)
    except InvalidNumber:
        message = Message.of(AgreementCode.ACCOUNT_FORM, value=repr(account))
        problems.append(Problem(message, field="account"))
        acct = account
    recipient = _digits(data_recipient)
    if not _is_digits(recipient, 8):
        message = Message.of(AgreementCode.DATA_RECIPIENT_FORM, value=repr(data_recipient))
        problems.append(Problem(message, field="data_recipient"))
    lengths = tuple(sorted(set(kid_lengths)))
    if not lengths:
        problems.append(Problem(Message.of(AgreementCode.NO_KID_LENGTH), field="kid_length"))
    bad = [n for n in lengths if not kidlib.MIN_LENGTH <= n <= kidlib.MAX_LENGTH]
    if bad:
        message = Message.of(
            AgreementCode.KID_LENGTH_RANGE, low=kidlib.MIN_LENGTH, high=kidlib.MAX_LENGTH,
            lengths=", ".join(map(str, bad)),
        )  # fmt: skip
        problems.append(Problem(message, field="kid_length"))
    modulus = kidlib.Modulus.MOD10
    try:
        modulus = kidlib.Modulus.parse(kid_modulus)
    except ValidationError:
        message = Message.of(AgreementCode.MODULUS_FORM, value=repr(kid_modulus))
        problems.append(Problem(message, field="modulus"))
    raise_problems(AgreementCode.NOT_VALID, problems)
    return AgreementTerms(agreement, acct, recipient, lengths, modulus)


def fit_problems(
    terms: AgreementTerms, template: kidlib.KidTemplate, company_account: str
) -> tuple[Message, ...]:
    """What does not fit between the agreement and the company's KID set-up (pure).

    >>> from reskontro.i18n import render
    >>> t = kidlib.KidTemplate.parse("{CustomerNo:5}{InvoiceNo:5}", 10)
    >>> terms = parse_terms(agreement_id="000012345", account="12345678903",
    ...                     data_recipient="00105625", kid_lengths=[13], kid_modulus=11)
    >>> for p in fit_problems(terms, t, "12345678903"): print(render(p, "en")[:78])
    the KID template {CustomerNo:5}{InvoiceNo:5} makes KIDs of 11 digits (with the
    the KID template uses MOD10 check digits, but the agreement registers MOD11: c
    """
    problems = []
    if template.length not in terms.kid_lengths:
        problems.append(
            Message.of(
                AgreementCode.LENGTH_DOES_NOT_FIT,
                template=template.text,
                length=template.length,
                unit="lengths" if len(terms.kid_lengths) > 1 else "length",
                lengths=terms.lengths_text,
            )
        )
    if template.modulus != terms.kid_modulus:
        problems.append(
            Message.of(
                AgreementCode.MODULUS_DOES_NOT_FIT,
                template_modulus=int(template.modulus),
                agreement_modulus=int(terms.kid_modulus),
            )
        )
    if terms.account != company_account:
        problems.append(
            Message.of(
                AgreementCode.ACCOUNT_DOES_NOT_FIT,
                agreement_account=format_account(terms.account),
                company_account=format_account(company_account),
            )
        )
    return tuple(problems)


__all__ = ["AgreementTerms", "fit_problems", "parse_terms", "raise_problems", "refusal"]

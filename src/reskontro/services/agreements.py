"""The OCR agreement (OCR-avtale) with Nets, and the rule that KID on invoices needs one.

A business that wants its KID payments reported as OCR Giro files signs an agreement
with Nets through its bank. The agreement names the account it covers, the data
recipient the files go to (kundeenhet-ID), and the KID lengths and modulus registered
for it (spec: ``nets-ocr-giro-and-avtalegiro.md`` §5). If the KIDs on our invoices
do not have a registered length or modulus, banks refuse them or Nets reports them
as unknown, so registering checks the agreement against the company's KID template
and says exactly what does not fit.

*Verified* means: checked, nothing that does not fit. KID on invoices can be switched
on only while a verified agreement exists. The rule sits on the **switch-on** (and
in the database, as a trigger on ``company`` from migration 0002), not on creating a
company: companies have been created with KID on by default since the beginning,
and that stays so.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from reskontro.domain import kid as kidlib
from reskontro.domain.company import format_account, validate_account
from reskontro.errors import Conflict, InvalidNumber, NotFound, StateError, ValidationError
from reskontro.services import audit
from reskontro.services.books import template_of
from reskontro.storage.models import Company, Invoice
from reskontro.storage.models_automation import OcrAgreement

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import sessionmaker

    from reskontro.clock import Clock

REGISTERED = "registered"
VERIFIED = "verified"
ENDED = "ended"

NO_AGREEMENT = (
    "KID cannot be switched on: the company has no verified OCR agreement with Nets"
    " (register it with: reskontro agreement register)"
)


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
    problems: list[str] = []
    agreement = _digits(agreement_id)
    if not (len(agreement) == 9 and agreement.isdigit() and agreement.isascii()):
        problems.append(f"the Nets agreement ID is 9 digits, not {agreement_id!r}")
    try:
        acct = validate_account(account)
    except InvalidNumber as exc:
        problems.append(exc.message)
        acct = account
    recipient = _digits(data_recipient)
    if not (len(recipient) == 8 and recipient.isdigit() and recipient.isascii()):
        problems.append(
            f"the data recipient ID (kundeenhet-ID) is 8 digits, not {data_recipient!r}"
        )
    lengths = tuple(sorted(set(kid_lengths)))
    if not lengths:
        problems.append("give the KID length(s) registered with Nets (--kid-length)")
    bad = [n for n in lengths if not kidlib.MIN_LENGTH <= n <= kidlib.MAX_LENGTH]
    if bad:
        problems.append(
            f"KID lengths are {kidlib.MIN_LENGTH} to {kidlib.MAX_LENGTH} characters with the"
            f" check digit, not {', '.join(map(str, bad))}"
        )
    modulus = kidlib.Modulus.MOD10
    try:
        modulus = kidlib.Modulus.parse(kid_modulus)
    except ValidationError:
        problems.append(f"the KID modulus is 10 or 11, not {kid_modulus!r}")
    if problems:
        raise ValidationError("the OCR agreement is not valid: " + "; ".join(problems))
    return AgreementTerms(agreement, acct, recipient, lengths, modulus)


def fit_problems(
    terms: AgreementTerms, template: kidlib.KidTemplate, company_account: str
) -> list[str]:
    """What does not fit between the agreement and the company's KID set-up (pure).

    >>> t = kidlib.KidTemplate.parse("{CustomerNo:5}{InvoiceNo:5}", 10)
    >>> terms = parse_terms(agreement_id="000012345", account="12345678903",
    ...                     data_recipient="00105625", kid_lengths=[13], kid_modulus=11)
    >>> for p in fit_problems(terms, t, "12345678903"): print(p[:78])
    the KID template {CustomerNo:5}{InvoiceNo:5} makes KIDs of 11 digits (with the
    the KID template uses MOD10 check digits, but the agreement registers MOD11: c
    """
    problems = []
    if template.length not in terms.kid_lengths:
        plural = "lengths" if len(terms.kid_lengths) > 1 else "length"
        problems.append(
            f"the KID template {template.text} makes KIDs of {template.length} digits (with the"
            f" check digit), but the agreement registers {plural} {terms.lengths_text} with"
            " Nets: change the template (reskontro company kid --template ...) or ask Nets to"
            f" register length {template.length}"
        )
    if template.modulus != terms.kid_modulus:
        problems.append(
            f"the KID template uses MOD{int(template.modulus)} check digits, but the agreement"
            f" registers MOD{int(terms.kid_modulus)}: change it (reskontro company kid"
            f" --modulus {int(terms.kid_modulus)}) or ask Nets to register"
            f" MOD{int(template.modulus)}"
        )
    if terms.account != company_account:
        problems.append(
            f"the agreement covers account {format_account(terms.account)}, but invoices ask"
            f" customers to pay to {format_account(company_account)}: KID payments to that"
            " account would not be reported under this agreement"
        )
    return problems


def _warnings(session: Session, company: Company, terms: AgreementTerms) -> list[str]:
    """Things that do not stop verification but that a bookkeeper should know."""
    warnings = []
    template = template_of(company)
    if template.modulus is kidlib.Modulus.MOD11 and template.dash is kidlib.Mod11Dash.ALLOW:
        warnings.append(
            "MOD11 can give '-' as the check digit, which some banks refuse;"
            " consider reskontro company kid --refuse-dash"
        )
    rows = session.execute(
        select(Invoice.number, Invoice.kid).where(
            Invoice.company_id == company.id,
            Invoice.kid.is_not(None),
            Invoice.total_ore != Invoice.settled_ore,
        )
    ).all()
    by_length: Counter[int] = Counter()
    example: dict[int, int] = {}
    for number, kid in rows:
        if kid is not None and len(kid) not in terms.kid_lengths:
            by_length[len(kid)] += 1
            example.setdefault(len(kid), number)
    warnings.extend(
        f"{count} open invoice(s) carry KIDs of {length} digits, which the agreement does not"
        f" register (e.g. invoice {example[length]}): banks may refuse payments with them"
        for length, count in sorted(by_length.items())
    )
    return warnings


def _terms_of(row: OcrAgreement) -> AgreementTerms:
    return AgreementTerms(
        row.agreement_id,
        row.account,
        row.data_recipient,
        tuple(int(n) for n in row.kid_lengths.split(",")),
        kidlib.Modulus(row.kid_modulus),
    )


def agreement_view(row: OcrAgreement) -> dict[str, Any]:
    return {
        "id": row.id,
        "company_id": row.company_id,
        "agreement_id": row.agreement_id,
        "account": row.account,
        "data_recipient": row.data_recipient,
        "kid_lengths": [int(n) for n in row.kid_lengths.split(",")],
        "kid_modulus": row.kid_modulus,
        "status": row.status,
        "verified": row.status == VERIFIED,
        "problems": json.loads(row.problems) if row.problems else [],
        "registered_at": row.registered_at.isoformat(),
        "verified_at": row.verified_at.isoformat() if row.verified_at else None,
        "ended_at": row.ended_at.isoformat() if row.ended_at else None,
    }


def in_force(session: Session, company_id: int) -> OcrAgreement | None:
    """The company's agreement that has not ended, if any."""
    return session.execute(
        select(OcrAgreement).where(
            OcrAgreement.company_id == company_id, OcrAgreement.status != ENDED
        )
    ).scalar_one_or_none()


def has_verified(session: Session, company_id: int) -> bool:
    found = session.execute(
        select(OcrAgreement.id)
        .where(OcrAgreement.company_id == company_id, OcrAgreement.status == VERIFIED)
        .limit(1)
    ).first()
    return found is not None


def require_verified(session: Session, company_id: int) -> None:
    """Raise :class:`StateError` unless the company has a verified agreement (for the
    code that switches KID on)."""
    with session.no_autoflush:
        if not has_verified(session, company_id):
            raise StateError(NO_AGREEMENT)


@event.listens_for(Session, "before_flush")
def _kid_needs_agreement(session: Session, _context: Any, _instances: Any) -> None:
    """Say it kindly before the database trigger says it bluntly.

    In a process that has loaded this module, from any code path: switching KID on
    without a verified agreement is a :class:`StateError`, and so is a KID template,
    modulus or account that no longer fits the verified agreement while KID is on.
    """
    for obj in session.dirty:
        if not isinstance(obj, Company):
            continue
        state = inspect(obj)
        enabled = state.attrs.kid_enabled.history
        switched_on = bool(
            enabled.added and enabled.added[0] and enabled.deleted and not enabled.deleted[0]
        )
        if switched_on:
            require_verified(session, obj.id)
        changed = any(
            state.attrs[name].history.has_changes()
            for name in ("kid_template", "kid_modulus", "account")
        )
        if obj.kid_enabled and (switched_on or changed):
            with session.no_autoflush:
                row = in_force(session, obj.id)
            if row is not None and row.status == VERIFIED:
                problems = fit_problems(_terms_of(row), template_of(obj), obj.account)
                if problems:
                    raise StateError(
                        f"KID is on under OCR agreement {row.agreement_id}, which the new"
                        " set-up would not fit: " + "; ".join(problems)
                    )


class Agreements:
    """Register, verify and end a company's OCR agreement; switch KID on under it."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def register(
        self, company_id: int, terms: AgreementTerms, *, kid_on: bool = False, actor: str
    ) -> dict[str, Any]:
        """Record the agreement and check it against the company.

        It is saved either way (it exists at Nets); it is *verified* only if nothing
        does not fit, and the view lists what does not. An agreement in force is
        replaced (ended) by a new one with another agreement ID.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = _company(session, company_id)
            current = in_force(session, company_id)
            problems = fit_problems(terms, template_of(company), company.account)
            kid_rests_on_it = (
                company.kid_enabled and current is not None and current.status == VERIFIED
            )
            if problems and kid_rests_on_it and current is not None:
                raise ValidationError(
                    f"KID is on under the verified OCR agreement {current.agreement_id};"
                    " this registration does not fit and was not saved: " + "; ".join(problems)
                )
            if current is not None and current.agreement_id != terms.agreement_id:
                current.status = ENDED
                current.ended_at = now
                session.flush()
            if current is not None and current.agreement_id == terms.agreement_id:
                row = current
            else:
                taken = session.execute(
                    select(OcrAgreement.id).where(
                        OcrAgreement.company_id == company_id,
                        OcrAgreement.agreement_id == terms.agreement_id,
                    )
                ).first()
                if taken is not None:
                    raise Conflict(
                        f"agreement {terms.agreement_id} was registered before and has ended;"
                        " an ended agreement is not taken up again: register the new one"
                    )
                row = OcrAgreement(company_id=company_id, registered_at=now, actor=actor)
                session.add(row)
            row.agreement_id = terms.agreement_id
            row.account = terms.account
            row.data_recipient = terms.data_recipient
            row.kid_lengths = ",".join(str(n) for n in terms.kid_lengths)
            row.kid_modulus = int(terms.kid_modulus)
            self._mark(row, problems, now)
            session.flush()
            if kid_on and not problems and not company.kid_enabled:
                company.kid_enabled = True
            view = self._view(session, company, row)
            audit.record(
                session, at=now, actor=actor, action="agreement.register",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after={k: v for k, v in view.items() if k != "warnings"},
            )  # fmt: skip
            return view

    def verify(self, company_id: int, *, kid_on: bool = False, actor: str) -> dict[str, Any]:
        """Check the agreement in force against the company as it is now.

        Raises :class:`ValidationError` listing what does not fit (nothing changes);
        otherwise marks it verified and, with ``kid_on``, switches KID on.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = _company(session, company_id)
            row = in_force(session, company_id)
            if row is None:
                raise NotFound(
                    "the company has no OCR agreement; register it with"
                    " reskontro agreement register"
                )
            problems = fit_problems(_terms_of(row), template_of(company), company.account)
            if problems:
                raise ValidationError(
                    f"agreement {row.agreement_id} does not fit: " + "; ".join(problems)
                )
            self._mark(row, [], now)
            session.flush()
            if kid_on and not company.kid_enabled:
                company.kid_enabled = True
            view = self._view(session, company, row)
            audit.record(
                session, at=now, actor=actor, action="agreement.verify",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after={"status": row.status, "kid_enabled": company.kid_enabled},
            )  # fmt: skip
            return view

    def end(self, company_id: int, *, actor: str) -> dict[str, Any]:
        """The agreement has ended at Nets: KID on new invoices is switched off with it.

        Issued invoices keep their KIDs; payments with them are still booked.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = _company(session, company_id)
            row = in_force(session, company_id)
            if row is None:
                raise NotFound("the company has no OCR agreement in force")
            kid_was_on = company.kid_enabled
            company.kid_enabled = False
            row.status = ENDED
            row.ended_at = now
            session.flush()
            view = agreement_view(row)
            view["kid_enabled"] = False
            view["kid_switched_off"] = kid_was_on
            audit.record(
                session, at=now, actor=actor, action="agreement.end",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after=view,
            )  # fmt: skip
            return view

    def show(self, company_id: int) -> dict[str, Any] | None:
        """The agreement in force with a fresh check (the KID template may have changed)."""
        with self.sessions() as session:
            company = _company(session, company_id)
            row = in_force(session, company_id)
            return None if row is None else self._view(session, company, row)

    @staticmethod
    def _mark(row: OcrAgreement, problems: list[str], now: Any) -> None:
        row.problems = json.dumps(problems, ensure_ascii=False) if problems else None
        if problems:
            row.status = REGISTERED
            row.verified_at = None
        else:
            row.status = VERIFIED
            row.verified_at = now

    @staticmethod
    def _view(session: Session, company: Company, row: OcrAgreement) -> dict[str, Any]:
        view = agreement_view(row)
        terms = _terms_of(row)
        template = template_of(company)
        view["problems_now"] = fit_problems(terms, template, company.account)
        view["warnings"] = _warnings(session, company, terms)
        view["kid_enabled"] = company.kid_enabled
        view["kid_template"] = template.text
        view["kid_length"] = template.length
        view["kid_template_modulus"] = int(template.modulus)
        return view


def _company(session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    return company


__all__ = [
    "NO_AGREEMENT",
    "AgreementTerms",
    "Agreements",
    "agreement_view",
    "fit_problems",
    "has_verified",
    "in_force",
    "parse_terms",
    "require_verified",
]

"""The OCR agreement (OCR-avtale) with Nets, and the rule that KID on invoices needs one.

*Verified* means: checked (:func:`~reskontro.services.automation.terms.fit_problems`),
nothing that does not fit. KID on invoices can be switched on only while a verified
agreement exists. The rule sits on the **switch-on**, not on creating a company:
companies have been created with KID on by default since the beginning, and that
stays so. Every use case that changes a company's KID settings or account calls
:func:`check_kid_change` before it commits (it says *why*, as a code); the database
trigger on ``company`` from migration 0002 is the second line of defence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.errors import Conflict, NotFound, StateError, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message, Messages
from reskontro.services import audit
from reskontro.services.automation.codes import AgreementCode, AgreementStatus
from reskontro.services.automation.terms import AgreementTerms, fit_problems, refusal
from reskontro.storage import repo
from reskontro.storage.models import Invoice
from reskontro.storage.models_automation import OcrAgreement

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.storage.models import Company

REGISTERED = AgreementStatus.REGISTERED
VERIFIED = AgreementStatus.VERIFIED
ENDED = AgreementStatus.ENDED
NO_AGREEMENT = Message.of(AgreementCode.NO_VERIFIED)


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    """The agreement as stored (``problems``: what did not fit when it was checked)."""

    id: int
    company_id: int
    agreement_id: str
    account: str
    data_recipient: str
    kid_lengths: tuple[int, ...]
    kid_modulus: int
    status: AgreementStatus
    verified: bool
    problems: tuple[Message, ...]
    registered_at: dt.datetime
    verified_at: dt.datetime | None
    ended_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class AgreementView(AgreementRecord):
    """The agreement checked again against the company as it is now."""

    problems_now: tuple[Message, ...]
    warnings: tuple[Message, ...]
    kid_enabled: bool
    kid_template: str
    kid_length: int
    kid_template_modulus: int


@dataclass(frozen=True, slots=True)
class AgreementEnded(AgreementRecord):
    kid_enabled: bool
    kid_switched_off: bool


def _stored_problems(text: str | None) -> tuple[Message, ...]:
    """Stored problems: codes, or English text stored before problems were codes."""
    if not text:
        return ()
    import json

    loaded = json.loads(text)
    if loaded and all(isinstance(item, str) for item in loaded):
        return tuple(Message.of(AgreementCode.STORED_TEXT, text=item) for item in loaded)
    return tuple(Messages.loads(text))


def _record_fields(row: OcrAgreement) -> dict[str, object]:
    return {
        "id": row.id,
        "company_id": row.company_id,
        "agreement_id": row.agreement_id,
        "account": row.account,
        "data_recipient": row.data_recipient,
        "kid_lengths": tuple(int(n) for n in row.kid_lengths.split(",")),
        "kid_modulus": row.kid_modulus,
        "status": AgreementStatus(row.status),
        "verified": row.status == VERIFIED,
        "problems": _stored_problems(row.problems),
        "registered_at": row.registered_at,
        "verified_at": row.verified_at,
        "ended_at": row.ended_at,
    }


def agreement_record(row: OcrAgreement) -> AgreementRecord:
    return AgreementRecord(**_record_fields(row))  # type: ignore[arg-type]


def terms_of(row: OcrAgreement) -> AgreementTerms:
    return AgreementTerms(
        row.agreement_id,
        row.account,
        row.data_recipient,
        tuple(int(n) for n in row.kid_lengths.split(",")),
        kidlib.Modulus(row.kid_modulus),
    )


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
    """Raise :class:`StateError` unless the company has a verified agreement."""
    with session.no_autoflush:
        if not has_verified(session, company_id):
            raise StateError(NO_AGREEMENT)


def check_kid_change(
    session: Session, company: Company, *, kid_was_on: bool, template: kidlib.KidTemplate
) -> None:
    """Before a company's KID settings or account change (``company`` holds the new
    values, not yet flushed): switching KID on needs a verified agreement, and while
    KID is on the new set-up must fit the verified agreement. Raises
    :class:`StateError`; the database trigger refuses the switch-on too."""
    if not company.kid_enabled:
        return
    if not kid_was_on:
        require_verified(session, company.id)
    with session.no_autoflush:
        row = in_force(session, company.id)
    if row is None or row.status != VERIFIED:
        return
    problems = fit_problems(terms_of(row), template, company.account)
    if problems:
        head = Message.of(AgreementCode.SETUP_WOULD_NOT_FIT, agreement=row.agreement_id)
        raise refusal(StateError, head, problems)


def _warnings(session: Session, company: Company, terms: AgreementTerms) -> tuple[Message, ...]:
    """Things that do not stop verification but that a bookkeeper should know."""
    warnings = []
    template = repo.template_of(company)
    if template.modulus is kidlib.Modulus.MOD11 and template.dash is kidlib.Mod11Dash.ALLOW:
        warnings.append(Message.of(AgreementCode.MOD11_DASH))
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
        Message.of(
            AgreementCode.OPEN_KIDS_OTHER_LENGTH,
            count=count,
            length=length,
            invoice=example[length],
        )
        for length, count in sorted(by_length.items())
    )
    return tuple(warnings)


def agreement_view(session: Session, company: Company, row: OcrAgreement) -> AgreementView:
    terms = terms_of(row)
    template = repo.template_of(company)
    return AgreementView(
        **_record_fields(row),  # type: ignore[arg-type]
        problems_now=fit_problems(terms, template, company.account),
        warnings=_warnings(session, company, terms),
        kid_enabled=company.kid_enabled,
        kid_template=template.text,
        kid_length=template.length,
        kid_template_modulus=int(template.modulus),
    )


class Agreements:
    """Register, verify and end a company's OCR agreement; switch KID on under it."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def register(
        self, company_id: int, terms: AgreementTerms, *, kid_on: bool = False, actor: str
    ) -> AgreementView:
        """Record the agreement and check it against the company.

        It is saved either way (it exists at Nets); it is *verified* only if nothing
        does not fit, and the view lists what does not. An agreement in force is
        replaced (ended) by a new one with another agreement ID.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            current = in_force(session, company_id)
            problems = fit_problems(terms, repo.template_of(company), company.account)
            kid_rests_on_it = (
                company.kid_enabled and current is not None and current.status == VERIFIED
            )
            if problems and kid_rests_on_it and current is not None:
                head = Message.of(AgreementCode.NOT_SAVED, agreement=current.agreement_id)
                raise refusal(ValidationError, head, problems)
            if current is not None and current.agreement_id != terms.agreement_id:
                current.status = ENDED
                current.ended_at = now
                session.flush()
            if current is not None and current.agreement_id == terms.agreement_id:
                row = current
            else:
                row = self._new_row(session, company_id, terms, now, actor)
            row.agreement_id = terms.agreement_id
            row.account = terms.account
            row.data_recipient = terms.data_recipient
            row.kid_lengths = ",".join(str(n) for n in terms.kid_lengths)
            row.kid_modulus = int(terms.kid_modulus)
            _mark(row, problems, now)
            session.flush()
            if kid_on and not problems and not company.kid_enabled:
                company.kid_enabled = True
            view = agreement_view(session, company, row)
            after = to_jsonable(view)
            del after["warnings"]
            audit.record(
                session, at=now, actor=actor, action="agreement.register",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after=after,
            )  # fmt: skip
            return view

    @staticmethod
    def _new_row(
        session: Session, company_id: int, terms: AgreementTerms, now: dt.datetime, actor: str
    ) -> OcrAgreement:
        taken = session.execute(
            select(OcrAgreement.id).where(
                OcrAgreement.company_id == company_id,
                OcrAgreement.agreement_id == terms.agreement_id,
            )
        ).first()
        if taken is not None:
            raise Conflict(Message.of(AgreementCode.ENDED_NOT_AGAIN, agreement=terms.agreement_id))
        row = OcrAgreement(company_id=company_id, registered_at=now, actor=actor)
        session.add(row)
        return row

    def verify(self, company_id: int, *, kid_on: bool = False, actor: str) -> AgreementView:
        """Check the agreement in force against the company as it is now.

        Raises :class:`ValidationError` listing what does not fit (nothing changes);
        otherwise marks it verified and, with ``kid_on``, switches KID on.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            row = in_force(session, company_id)
            if row is None:
                raise NotFound(Message.of(AgreementCode.NONE_REGISTER))
            problems = fit_problems(terms_of(row), repo.template_of(company), company.account)
            if problems:
                head = Message.of(AgreementCode.DOES_NOT_FIT, agreement=row.agreement_id)
                raise refusal(ValidationError, head, problems)
            _mark(row, (), now)
            session.flush()
            if kid_on and not company.kid_enabled:
                company.kid_enabled = True
            view = agreement_view(session, company, row)
            audit.record(
                session, at=now, actor=actor, action="agreement.verify",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after={"status": row.status, "kid_enabled": company.kid_enabled},
            )  # fmt: skip
            return view

    def end(self, company_id: int, *, actor: str) -> AgreementEnded:
        """The agreement has ended at Nets: KID on new invoices is switched off with it.

        Issued invoices keep their KIDs; payments with them are still booked.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            row = in_force(session, company_id)
            if row is None:
                raise NotFound(Message.of(AgreementCode.NONE_IN_FORCE))
            kid_was_on = company.kid_enabled
            company.kid_enabled = False
            row.status = ENDED
            row.ended_at = now
            session.flush()
            view = AgreementEnded(
                **_record_fields(row),  # type: ignore[arg-type]
                kid_enabled=False,
                kid_switched_off=kid_was_on,
            )
            audit.record(
                session, at=now, actor=actor, action="agreement.end",
                object_type="ocr_agreement", object_id=row.id, company_id=company_id,
                after=to_jsonable(view),
            )  # fmt: skip
            return view

    def show(self, company_id: int) -> AgreementView | None:
        """The agreement in force with a fresh check (the KID template may have changed)."""
        with self.sessions() as session:
            company = repo.company(session, company_id)
            row = in_force(session, company_id)
            return None if row is None else agreement_view(session, company, row)


def _mark(row: OcrAgreement, problems: tuple[Message, ...], now: dt.datetime) -> None:
    row.problems = Messages(problems).dumps() if problems else None
    if problems:
        row.status = REGISTERED
        row.verified_at = None
    else:
        row.status = VERIFIED
        row.verified_at = now


__all__ = [
    "NO_AGREEMENT",
    "AgreementEnded",
    "AgreementRecord",
    "AgreementView",
    "Agreements",
    "agreement_record",
    "check_kid_change",
    "has_verified",
    "in_force",
    "require_verified",
]

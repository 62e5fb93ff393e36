"""Companies: create, change and read one, with its number series."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.company import validate_account, validate_org_number
from reskontro.domain.vat import VatRounding
from reskontro.errors import Conflict, NotFound, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message, Problem
from reskontro.services import audit
from reskontro.services.automation.agreements import check_kid_change
from reskontro.services.automation.terms import refusal
from reskontro.services.bank_accounts import add_main_account
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.numbering import (
    CUSTOMER_SERIES,
    FIRST_CUSTOMER_NUMBER,
    INVOICE_SERIES,
    peek_number,
)
from reskontro.services.invoicing.views import (
    company_card,
    company_details,
    company_view,
)
from reskontro.storage.models import (
    Company,
    NumberSeries,
)
from reskontro.storage.repo import LookupCode, template_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.views import (
        CompanyCard,
        CompanyDetails,
        CompanyView,
    )


class _NextNumbers(TypedDict):
    next_invoice: int
    next_customer: int


def _next_numbers(session: Session, company_id: int) -> _NextNumbers:
    return {
        "next_invoice": peek_number(session, company_id, INVOICE_SERIES),
        "next_customer": peek_number(session, company_id, CUSTOMER_SERIES),
    }


class Companies(Base):
    """Create, change and read companies."""

    def create_company(
        self,
        *,
        name: str,
        org_number: str,
        account: str,
        vat_registered: bool = False,
        foretaksregisteret: bool = False,
        kid_template: str | None = None,
        kid_modulus: int = 10,
        kid_enabled: bool = True,
        payment_terms_days: int = 14,
        first_invoice_number: int = 1,
        first_customer_number: int = FIRST_CUSTOMER_NUMBER,
        address: str | None = None,
        actor: str,
    ) -> CompanyView:
        if not name.strip():
            raise ValidationError(Message.of(InvoicingError.COMPANY_NEEDS_NAME), field="name")
        org = validate_org_number(org_number)
        acct = validate_account(account)
        template = kidlib.KidTemplate.parse(
            kid_template or kidlib.DEFAULT_TEMPLATE, kidlib.Modulus.parse(kid_modulus)
        )
        if first_invoice_number < 1 or first_customer_number < 1:
            raise ValidationError(
                Message.of(InvoicingError.SERIES_START), field="first_invoice_number"
            )
        problems = template.series_problems(first_customer_number, first_invoice_number)
        if problems:
            raise refusal(ValidationError, Message.of(InvoicingError.KID_DOES_NOT_FIT), problems)
        now = self.clock.now()
        with self.sessions.begin() as session:
            exists = session.execute(
                select(Company.id).where(Company.org_number == org)
            ).scalar_one_or_none()
            if exists is not None:
                raise Conflict(
                    Message.of(InvoicingError.ORG_NUMBER_TAKEN, org_number=org, id=exists),
                    field="org_number",
                )
            company = Company(
                name=name.strip(),
                org_number=org,
                account=acct,
                vat_registered=vat_registered,
                foretaksregisteret=foretaksregisteret,
                address=address,
                kid_enabled=kid_enabled,
                kid_template=template.text,
                kid_modulus=int(template.modulus),
                kid_dash=template.dash.value,
                unknown_kid_policy="inbox",
                match_tolerance_ore=0,
                payment_terms_days=payment_terms_days,
                vat_rounding=VatRounding.PER_RATE.value,
                created_at=now,
            )
            session.add(company)
            session.flush()
            add_main_account(session, company, now)
            session.add_all(
                [
                    NumberSeries(
                        company_id=company.id, kind=INVOICE_SERIES, next_value=first_invoice_number
                    ),
                    NumberSeries(
                        company_id=company.id,
                        kind=CUSTOMER_SERIES,
                        next_value=first_customer_number,
                    ),
                ]
            )
            view = company_view(company)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="company.create",
                object_type="company",
                object_id=company.id,
                company_id=company.id,
                after=view,
            )
            return view

    def companies(self) -> list[CompanyView]:
        with self.sessions() as session:
            return [company_view(c) for c in session.scalars(select(Company).order_by(Company.id))]

    def resolve_company(self, company_id: int | None) -> int:
        """The company to act on: the one given, or the only one there is."""
        with self.sessions() as session:
            if company_id is not None:
                if session.get(Company, company_id) is None:
                    raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
                return company_id
            ids = list(session.scalars(select(Company.id).order_by(Company.id).limit(2)))
        if not ids:
            raise NotFound(Message.of(InvoicingError.NO_COMPANY_YET))
        if len(ids) > 1:
            raise ValidationError(Message.of(InvoicingError.SEVERAL_COMPANIES), field="company")
        return ids[0]

    def company(self, company_id: int) -> CompanyCard:
        with self.sessions() as session:
            company = session.get(Company, company_id)
            if company is None:
                raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
            return company_card(company, **_next_numbers(session, company_id))

    def company_details(self, company_id: int) -> CompanyDetails:
        """:meth:`company` with the address and the company's (the owner's) e-mail."""
        with self.sessions() as session:
            company = self._company(session, company_id)
            return company_details(company, **_next_numbers(session, company_id))

    def update_company(
        self,
        company_id: int,
        *,
        name: str,
        org_number: str,
        account: str,
        address: str | None = None,
        payment_terms_days: int,
        vat_registered: bool,
        foretaksregisteret: bool,
        actor: str,
    ) -> CompanyDetails:
        """Change the company's details; checked as :meth:`create_company` checks them.

        A new account is refused while KID is on under a verified OCR agreement for
        another account (:func:`check_kid_change`). Audited with before/after.
        """
        problems: list[Problem] = []
        org = acct = ""
        if not name.strip():
            problems.append(Problem(Message.of(InvoicingError.COMPANY_NEEDS_NAME), field="name"))
        try:
            org = validate_org_number(org_number)
        except ValidationError as exc:
            problems.append(_problem(exc, "org_number"))
        try:
            acct = validate_account(account)
        except ValidationError as exc:
            problems.append(_problem(exc, "account"))
        if not 0 <= payment_terms_days <= 365:
            terms = Message.of(InvoicingError.TERMS_RANGE, days=payment_terms_days)
            problems.append(Problem(terms, field="payment_terms_days"))
        if len(problems) == 1:
            raise ValidationError(problems[0].message, field=problems[0].field)
        if problems:
            raise refusal(ValidationError, Message.of(InvoicingError.COMPANY_INVALID), problems)
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id)
            taken = session.execute(
                select(Company.id).where(Company.org_number == org, Company.id != company_id)
            ).scalar_one_or_none()
            if taken is not None:
                raise Conflict(
                    Message.of(InvoicingError.ORG_NUMBER_TAKEN, org_number=org, id=taken),
                    field="org_number",
                )
            before = {**to_jsonable(company_view(company)), "address": company.address}
            if acct != company.account:
                company.account = acct
                check_kid_change(
                    session, company, kid_was_on=company.kid_enabled, template=template_of(company)
                )
            company.name = name.strip()
            company.org_number = org
            company.address = (address or "").strip() or None
            company.payment_terms_days = payment_terms_days
            company.vat_registered = vat_registered
            company.foretaksregisteret = foretaksregisteret
            add_main_account(session, company, now)
            session.flush()
            after = {**to_jsonable(company_view(company)), "address": company.address}
            audit.record(
                session, at=now, actor=actor, action="company.update", object_type="company",
                object_id=company_id, company_id=company_id, before=before, after=after,
            )  # fmt: skip
            return company_details(company, **_next_numbers(session, company_id))


def _problem(exc: ValidationError, field: str) -> Problem:
    """A checked field's error as one problem of the form."""
    message = exc.msg if exc.msg is not None else Message.of(InvoicingError.COMPANY_INVALID)
    return Problem(message, field=field)

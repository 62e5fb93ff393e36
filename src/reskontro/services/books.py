"""Companies, customers, invoices and credit notes: the invoice ledger.

Every public method is one use case in one database transaction. Issued invoices are
never edited: the only path that changes them after issue moves ``settled_ore`` (a
payment or a credit note closing part of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from reskontro.domain import kid as kidlib
from reskontro.domain.company import validate_account, validate_org_number
from reskontro.domain.invoice import (
    CreditableLine,
    InvoiceKind,
    InvoiceStatus,
    LineDraft,
    credit_amounts,
    due_date,
    plan_credit,
    status_of,
)
from reskontro.domain.vat import VatCode, VatLine, VatRounding, compute_totals, line_net
from reskontro.errors import Conflict, NotFound, StateError, ValidationError
from reskontro.services import audit
from reskontro.services.automation.agreements import check_kid_change
from reskontro.storage import repo
from reskontro.storage.models import (
    Company,
    CreditAllocation,
    Customer,
    Invoice,
    InvoiceLine,
    InvoiceVat,
    NumberSeries,
    Payment,
)

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.domain.vat import Totals

INVOICE_SERIES = "invoice"
CUSTOMER_SERIES = "customer"
#: First customer number, as in the systems our users come from.
FIRST_CUSTOMER_NUMBER = 10000
PLACEHOLDER_CUSTOMER_NAME = "Betaling med ukjent KID"


@dataclass(frozen=True, slots=True)
class KidSettings:
    enabled: bool
    template: str
    modulus: int
    dash: kidlib.Mod11Dash = kidlib.Mod11Dash.ALLOW
    avtalegiro_customer_position: tuple[int, int] | None = None


def take_number(session: Session, company_id: int, kind: str) -> int:
    """Take the next number of a gapless series inside the caller's transaction.

    The counter row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every
    write transaction starts with ``BEGIN IMMEDIATE`` and so holds the database's write
    lock). If the transaction rolls back, so does the number: no gap, no duplicate.
    """
    row = session.execute(
        select(NumberSeries)
        .where(NumberSeries.company_id == company_id, NumberSeries.kind == kind)
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"company {company_id} has no {kind} number series")
    value = row.next_value
    row.next_value = value + 1
    session.flush()
    return value


def peek_number(session: Session, company_id: int, kind: str) -> int:
    value = session.execute(
        select(NumberSeries.next_value).where(
            NumberSeries.company_id == company_id, NumberSeries.kind == kind
        )
    ).scalar_one_or_none()
    if value is None:
        raise NotFound(f"company {company_id} has no {kind} number series")
    return value


def customer_by_number(session: Session, company_id: int, number: int) -> Customer:
    """The company's customer with ``number``; :class:`NotFound` names the number."""
    customer = session.execute(
        select(Customer).where(Customer.company_id == company_id, Customer.number == number)
    ).scalar_one_or_none()
    if customer is None:
        raise NotFound(f"no customer with number {number}")
    return customer


def invoice_id_by_number(session: Session, company_id: int, number: int) -> int | None:
    """The id of the company's document (invoice or credit note: one number series)
    numbered ``number``, or None."""
    found = session.execute(
        select(Invoice.id).where(Invoice.company_id == company_id, Invoice.number == number)
    ).scalar_one_or_none()
    return None if found is None else int(found)


template_of = repo.template_of


def company_view(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "org_number": company.org_number,
        "account": company.account,
        "vat_registered": company.vat_registered,
        "foretaksregisteret": company.foretaksregisteret,
        "kid_enabled": company.kid_enabled,
        "kid_template": company.kid_template,
        "kid_modulus": company.kid_modulus,
        "kid_dash": company.kid_dash,
        "avtalegiro_customer_position": (
            [company.avtalegiro_customer_first, company.avtalegiro_customer_last]
            if company.avtalegiro_customer_first is not None
            else None
        ),
        "unknown_kid_policy": company.unknown_kid_policy,
        "match_tolerance_ore": company.match_tolerance_ore,
        "payment_terms_days": company.payment_terms_days,
        "send_on_issue": company.send_on_issue,
        "street": company.street,
        "postcode": company.postcode,
        "city": company.city,
        "country": company.country,
    }


def customer_view(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "company_id": customer.company_id,
        "number": customer.number,
        "name": customer.name,
        "email": customer.email,
        "org_number": customer.org_number,
        "placeholder": customer.is_placeholder,
    }


def open_of(invoice: Invoice) -> int:
    return invoice.total_ore - invoice.settled_ore


def derive_status(invoice: Invoice) -> InvoiceStatus:
    return status_of(
        issued=invoice.number is not None,
        kind=InvoiceKind(invoice.kind),
        total_ore=invoice.total_ore,
        paid_ore=invoice.paid_ore,
        credited_ore=invoice.credited_ore,
        open_ore=open_of(invoice),
    )


def refresh_status(invoice: Invoice) -> None:
    invoice.status = derive_status(invoice).value


def invoice_view(invoice: Invoice, customer: Customer, *, lines: bool = True) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": invoice.id,
        "kind": invoice.kind,
        "number": invoice.number,
        "kid": invoice.kid,
        "status": derive_status(invoice).value,
        "customer_number": customer.number,
        "customer_name": customer.name,
        "invoice_date": invoice.invoice_date.isoformat() if invoice.invoice_date else None,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "net_ore": invoice.net_ore,
        "vat_ore": invoice.vat_ore,
        "total_ore": invoice.total_ore,
        "paid_ore": invoice.paid_ore,
        "credited_ore": invoice.credited_ore,
        "open_ore": open_of(invoice),
        "credits_invoice_id": invoice.credits_invoice_id,
    }
    if lines:
        view["lines"] = [
            {
                "position": line.position,
                "description": line.description,
                "quantity": line.quantity_milli / 1000,
                "quantity_milli": line.quantity_milli,
                "unit_price_ore": line.unit_price_ore,
                "vat": line.vat_code,
                "net_ore": line.net_ore,
            }
            for line in invoice.lines
        ]
    return view


def _check_lines(company: Company, lines: list[LineDraft]) -> None:
    for line in lines:
        if line.vat_code.carries_vat and not company.vat_registered:
            raise ValidationError(
                f"{company.name} is not VAT registered and cannot charge"
                f" {line.vat_code.percent} % VAT; use 0 or exempt"
            )
        if line.quantity_milli < 0 or line.unit_price_ore < 0:
            raise ValidationError(
                "invoice lines have positive quantities and prices; use a credit note"
                " to take something back"
            )


def _deliver_on_issue(
    session: Session, company: Company, invoice: Invoice, clock: Clock, actor: str
) -> None:
    """Queue the issued document's delivery (the delivery flow decides whether)."""
    from reskontro.services.delivery import send

    send.on_issue(session, company, invoice, clock=clock, actor=actor)


class Books:
    """The invoice ledger's use cases over one database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    # -- companies ---------------------------------------------------------------

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
    ) -> dict[str, Any]:
        if not name.strip():
            raise ValidationError("the company needs a name (--name)")
        org = validate_org_number(org_number)
        acct = validate_account(account)
        template = kidlib.KidTemplate.parse(
            kid_template or kidlib.DEFAULT_TEMPLATE, kidlib.Modulus.parse(kid_modulus)
        )
        if first_invoice_number < 1 or first_customer_number < 1:
            raise ValidationError("number series start at 1 or above")
        problems = template.check_series(first_customer_number, first_invoice_number)
        if problems:
            raise ValidationError("; ".join(problems))
        now = self.clock.now()
        with self.sessions.begin() as session:
            exists = session.execute(
                select(Company.id).where(Company.org_number == org)
            ).scalar_one_or_none()
            if exists is not None:
                raise Conflict(f"a company with organisation number {org} exists (id {exists})")
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

    def companies(self) -> list[dict[str, Any]]:
        with self.sessions() as session:
            return [company_view(c) for c in session.scalars(select(Company).order_by(Company.id))]

    def resolve_company(self, company_id: int | None) -> int:
        """The company to act on: the one given, or the only one there is."""
        with self.sessions() as session:
            if company_id is not None:
                if session.get(Company, company_id) is None:
                    raise NotFound(f"no company with id {company_id}")
                return company_id
            ids = list(session.scalars(select(Company.id).order_by(Company.id).limit(2)))
        if not ids:
            raise NotFound("there is no company yet: create one with `reskontro company create`")
        if len(ids) > 1:
            raise ValidationError("the database holds several companies: give --company ID")
        return ids[0]

    def company(self, company_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            company = session.get(Company, company_id)
            if company is None:
                raise NotFound(f"no company with id {company_id}")
            view = company_view(company)
            view["next_invoice_number"] = peek_number(session, company_id, INVOICE_SERIES)
            view["next_customer_number"] = peek_number(session, company_id, CUSTOMER_SERIES)
            return view

    def company_details(self, company_id: int) -> dict[str, Any]:
        """:meth:`company` with the address and the company's (the owner's) e-mail."""
        view = self.company(company_id)
        with self.sessions() as session:
            company = self._company(session, company_id)
            view["address"] = company.address
            view["email"] = company.email
        return view

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
    ) -> dict[str, Any]:
        """Change the company's details; checked as :meth:`create_company` checks them.

        A new account is refused while KID is on under a verified OCR agreement for
        another account (:func:`check_kid_change`). Audited with before/after.
        """
        problems = []
        org = acct = ""
        if not name.strip():
            problems.append("the company needs a name")
        try:
            org = validate_org_number(org_number)
        except ValidationError as exc:
            problems.append(exc.message)
        try:
            acct = validate_account(account)
        except ValidationError as exc:
            problems.append(exc.message)
        if not 0 <= payment_terms_days <= 365:
            problems.append(f"payment terms are 0 to 365 days, not {payment_terms_days}")
        if problems:
            raise ValidationError("; ".join(problems))
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id)
            taken = session.execute(
                select(Company.id).where(Company.org_number == org, Company.id != company_id)
            ).scalar_one_or_none()
            if taken is not None:
                raise Conflict(f"a company with organisation number {org} exists (id {taken})")
            before = {**company_view(company), "address": company.address}
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
            session.flush()
            after = {**company_view(company), "address": company.address}
            audit.record(
                session, at=now, actor=actor, action="company.update", object_type="company",
                object_id=company_id, company_id=company_id, before=before, after=after,
            )  # fmt: skip
            return after

    def set_kid_settings(
        self, company_id: int, settings: KidSettings, *, actor: str
    ) -> dict[str, Any]:
        """Save a KID layout after checking it against the number series in use.

        Issued invoices keep their KIDs; the new template applies to new invoices.
        """
        template = kidlib.KidTemplate.parse(
            settings.template, kidlib.Modulus.parse(settings.modulus), settings.dash
        )
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id)
            before = company_view(company)
            kid_was_on = company.kid_enabled
            problems = self._kid_problems(session, company_id, template, settings)
            company.kid_enabled = settings.enabled
            # KID goes on, or stays on with a new template, only under a verified OCR
            # agreement it fits (the database refuses the switch-on too).
            check_kid_change(session, company, kid_was_on=kid_was_on, template=template)
            if problems:
                raise ValidationError("the KID template does not fit: " + "; ".join(problems))
            company.kid_template = template.text
            company.kid_modulus = int(template.modulus)
            company.kid_dash = template.dash.value
            pos = settings.avtalegiro_customer_position
            company.avtalegiro_customer_first = pos[0] if pos else None
            company.avtalegiro_customer_last = pos[1] if pos else None
            after = company_view(company)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="company.kid_settings",
                object_type="company",
                object_id=company_id,
                company_id=company_id,
                before=before,
                after=after,
            )
            return after

    def check_kid_settings(self, company_id: int, settings: KidSettings) -> list[str]:
        """The problems saving ``settings`` would meet, for a live preview."""
        try:
            template = kidlib.KidTemplate.parse(
                settings.template, kidlib.Modulus.parse(settings.modulus), settings.dash
            )
        except ValidationError as exc:
            return [exc.message]
        with self.sessions() as session:
            return self._kid_problems(session, company_id, template, settings)

    def _kid_problems(
        self,
        session: Session,
        company_id: int,
        template: kidlib.KidTemplate,
        settings: KidSettings,
    ) -> list[str]:
        biggest_customer = (
            session.execute(
                select(func.max(Customer.number)).where(
                    Customer.company_id == company_id, Customer.is_placeholder.is_(False)
                )
            ).scalar_one()
            or 0
        )
        next_customer = peek_number(session, company_id, CUSTOMER_SERIES)
        next_invoice = peek_number(session, company_id, INVOICE_SERIES)
        # Numbers in use must fit; so must the next one the series gives (its start
        # can be set lower: ``services.invoicing.customer_series``).
        problems = template.check_series(biggest_customer, next_invoice)
        limit = template.max_number(kidlib.Part.CUSTOMER)
        if limit is not None and limit < next_customer:
            problems.append(
                f"CustomerNo {next_customer} is the series' next number and does not fit in"
                f" {template.width_of(kidlib.Part.CUSTOMER)} digits; start the series at"
                f" {limit} or lower first"
            )
        pos = settings.avtalegiro_customer_position
        if pos is not None:
            first, last = pos
            if not 1 <= first <= last <= template.length - 1:
                problems.append(
                    f"AvtaleGiro positions {first}-{last} are outside the KID's"
                    f" {template.length - 1} digits before the check digit"
                )
            else:
                try:
                    template.check_customer_position(first, last)
                except ValidationError as exc:
                    problems.append(exc.message)
                room = 10 ** (last - first + 1) - 1
                if max(biggest_customer, next_customer) > room:
                    problems.append(
                        f"customer number {max(biggest_customer, next_customer)} does not fit"
                        f" in positions {first}-{last} ({last - first + 1} digits)"
                    )
        return problems

    # -- customers ---------------------------------------------------------------

    def create_customer(
        self,
        company_id: int,
        *,
        name: str,
        number: int | None = None,
        email: str | None = None,
        org_number: str | None = None,
        address: str | None = None,
        language: str = "nb",
        actor: str,
        placeholder: bool = False,
        **card: Any,
    ) -> dict[str, Any]:
        """Delegates to :func:`reskontro.services.invoicing.customers.create`; ``card``
        takes the other fields of :class:`~reskontro.services.invoicing.customers.CardChanges`."""
        from reskontro.services.invoicing import customers

        changes = customers.CardChanges(
            name=name,
            email=email,
            org_number=org_number,
            address=address,
            language=language,
            **card,
        )
        return customers.create(
            self.sessions,
            self.clock,
            company_id,
            changes,
            number=number,
            actor=actor,
            placeholder=placeholder,
        ).as_dict()

    def customers(self, company_id: int) -> list[dict[str, Any]]:
        from reskontro.services.invoicing import customers

        return [c.as_dict() for c in customers.listing(self.sessions, company_id)]

    def customer(self, company_id: int, number: int) -> dict[str, Any]:
        from reskontro.services.invoicing import customers

        return customers.get(self.sessions, company_id, number).as_dict()

    # -- invoices ----------------------------------------------------------------

    def create_invoice(
        self,
        company_id: int,
        *,
        customer_number: int,
        lines: list[LineDraft],
        invoice_date: dt.date | None = None,
        due: dt.date | None = None,
        terms_days: int | None = None,
        your_reference: str | None = None,
        our_reference: str | None = None,
        delivery_date: dt.date | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """Write a draft invoice. Drafts may be changed or deleted; issued ones never."""
        if not lines:
            raise ValidationError("an invoice needs at least one line (--line)")
        if due is not None and terms_days is not None:
            raise ValidationError("give either a due date or payment terms, not both")
        if due is not None and invoice_date is not None:
            due_date(invoice_date, due=due)
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id)
            customer = self._customer_by_number(session, company_id, customer_number)
            if customer.is_placeholder:
                raise ValidationError(f"cannot invoice the placeholder customer {customer.name!r}")
            _check_lines(company, lines)
            invoice = Invoice(
                company_id=company_id,
                customer_id=customer.id,
                kind=InvoiceKind.INVOICE.value,
                status=InvoiceStatus.DRAFT.value,
                invoice_date=invoice_date,
                due_date=due,
                terms_days=terms_days,
                your_reference=your_reference,
                our_reference=our_reference,
                delivery_date=delivery_date,
                created_at=now,
            )
            session.add(invoice)
            session.flush()
            self._add_lines(session, invoice, company, lines)
            session.flush()
            session.refresh(invoice)
            view = invoice_view(invoice, customer)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.create",
                object_type="invoice",
                object_id=invoice.id,
                company_id=company_id,
                after=view,
            )
            return view

    def _add_lines(
        self,
        session: Session,
        invoice: Invoice,
        company: Company,
        lines: list[LineDraft],
        credits_lines: list[int | None] | None = None,
        nets: tuple[int, ...] | None = None,
        totals: Totals | None = None,
    ) -> None:
        pairs = []
        for position, line in enumerate(lines, start=1):
            net = nets[position - 1] if nets else line_net(line.quantity_milli, line.unit_price_ore)
            pairs.append((net, line.vat_code))
            session.add(
                InvoiceLine(
                    invoice_id=invoice.id,
                    position=position,
                    description=line.description.strip(),
                    quantity_milli=line.quantity_milli,
                    unit_price_ore=line.unit_price_ore,
                    vat_code=line.vat_code.value,
                    net_ore=net,
                    credits_line_id=credits_lines[position - 1] if credits_lines else None,
                )
            )
        if totals is None:
            totals = compute_totals(pairs, VatRounding(company.vat_rounding))
        for vat_line in totals.by_code:
            session.add(
                InvoiceVat(
                    invoice_id=invoice.id,
                    vat_code=vat_line.code.value,
                    net_ore=vat_line.net_ore,
                    vat_ore=vat_line.vat_ore,
                )
            )
        invoice.net_ore = totals.net_ore
        invoice.vat_ore = totals.vat_ore
        invoice.total_ore = totals.gross_ore

    def update_draft(
        self,
        company_id: int,
        invoice_id: int,
        *,
        customer_number: int,
        lines: list[LineDraft],
        due: dt.date | None = None,
        your_reference: str | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """Change a draft's customer, lines, due date and reference (issued: never)."""
        if not lines:
            raise ValidationError("an invoice needs at least one line (--line)")
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    f"invoice {invoice.number} is issued and can never be changed; credit it"
                )
            company = self._company(session, company_id)
            customer = self._customer_by_number(session, company_id, customer_number)
            if customer.is_placeholder:
                raise ValidationError(f"cannot invoice the placeholder customer {customer.name!r}")
            _check_lines(company, lines)
            before = invoice_view(invoice, session.get_one(Customer, invoice.customer_id))
            for line in invoice.lines:
                session.delete(line)
            session.execute(delete(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id))
            session.flush()
            invoice.customer_id = customer.id
            invoice.due_date = due
            invoice.your_reference = your_reference
            self._add_lines(session, invoice, company, lines)
            session.flush()
            session.expire(invoice, ["lines"])
            view = invoice_view(invoice, customer)
            audit.record(
                session, at=now, actor=actor, action="invoice.update_draft",
                object_type="invoice", object_id=invoice.id, company_id=company_id,
                before=before, after=view,
            )  # fmt: skip
            return view

    def delete_draft(self, company_id: int, invoice_id: int, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    f"invoice {invoice.number} is issued and can never be deleted; credit it"
                )
            for line in invoice.lines:
                session.delete(line)
            session.execute(delete(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id))
            session.delete(invoice)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.delete_draft",
                object_type="invoice",
                object_id=invoice_id,
                company_id=company_id,
            )

    def issue_invoice(
        self, company_id: int, invoice_id: int, *, issue_date: dt.date | None = None, actor: str
    ) -> dict[str, Any]:
        """Issue a draft: next number of the gapless series, a KID, and frozen for good."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    f"invoice {invoice_id} is already issued as number {invoice.number}"
                )
            company = self._company(session, company_id)
            customer = session.get_one(Customer, invoice.customer_id)
            self._issue(session, company, customer, invoice, issue_date or self.clock.today(), now)
            view = invoice_view(invoice, customer)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.issue",
                object_type="invoice",
                object_id=invoice.id,
                company_id=company_id,
                after=view,
            )
            _deliver_on_issue(session, company, invoice, self.clock, actor)
            return view

    def _issue(
        self,
        session: Session,
        company: Company,
        customer: Customer,
        invoice: Invoice,
        issue_date: dt.date,
        now: dt.datetime,
    ) -> None:
        if invoice.due_date is not None and invoice.due_date < issue_date:
            raise ValidationError(
                f"the due date {invoice.due_date} is before the issue date {issue_date}"
            )
        terms = invoice.terms_days if invoice.terms_days is not None else company.payment_terms_days
        invoice.invoice_date = issue_date
        if invoice.kind == InvoiceKind.CREDIT_NOTE.value:
            invoice.due_date = issue_date
        elif invoice.due_date is None:
            invoice.due_date = due_date(issue_date, terms_days=terms)
        # Lock the counter row first: from here on this transaction is the only one
        # numbering invoices for the company until it commits or rolls back.
        number = take_number(session, company.id, INVOICE_SERIES)
        invoice.number = number
        invoice.issued_at = now
        if company.kid_enabled and invoice.kind == InvoiceKind.INVOICE.value:
            template = template_of(company)
            invoice.kid = template.make(customer.number, number)
            invoice.kid_template = template.text
            invoice.kid_modulus = int(template.modulus)
        refresh_status(invoice)
        try:
            session.flush()
        except IntegrityError as exc:
            raise Conflict(
                f"invoice number {number} or KID {invoice.kid} is taken: {exc.orig}"
            ) from None

    def credit_invoice(
        self,
        company_id: int,
        invoice_id: int,
        *,
        lines: tuple[tuple[int, int], ...] | None = None,
        issue_date: dt.date | None = None,
        reason: str | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """Issue a credit note for the whole invoice or for ``(line, quantity)`` pairs.

        The credit note references the original, never credits more than was invoiced,
        and closes what it can of the original's open amount at once; what is left
        (e.g. the invoice was already paid) stays on the ledger as the customer's credit.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            original = self._invoice(session, company_id, invoice_id, for_update=True)
            if original.kind != InvoiceKind.INVOICE.value:
                raise StateError("a credit note cannot itself be credited")
            if original.number is None:
                raise StateError("a draft is not credited; change or delete it instead")
            company = self._company(session, company_id)
            customer = session.get_one(Customer, original.customer_id)
            prior_lines = session.execute(
                select(InvoiceLine.credits_line_id, InvoiceLine.quantity_milli, InvoiceLine.net_ore)
                .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
                .where(Invoice.credits_invoice_id == original.id)
            ).all()
            credited_qty: dict[int, int] = {}
            credited_net: dict[int, int] = {}
            for line_id, quantity, net in prior_lines:
                credited_qty[line_id] = credited_qty.get(line_id, 0) - quantity
                credited_net[line_id] = credited_net.get(line_id, 0) - net
            credited_vat: dict[VatCode, int] = {}
            for code, vat in session.execute(
                select(InvoiceVat.vat_code, InvoiceVat.vat_ore)
                .join(Invoice, Invoice.id == InvoiceVat.invoice_id)
                .where(Invoice.credits_invoice_id == original.id)
            ):
                credited_vat[VatCode(code)] = credited_vat.get(VatCode(code), 0) - vat
            invoice_vat = tuple(
                VatLine(VatCode(v.vat_code), v.net_ore, v.vat_ore)
                for v in session.scalars(
                    select(InvoiceVat).where(InvoiceVat.invoice_id == original.id)
                )
            )
            creditable = tuple(
                CreditableLine(
                    line_id=line.id,
                    position=line.position,
                    description=line.description,
                    quantity_milli=line.quantity_milli,
                    unit_price_ore=line.unit_price_ore,
                    vat_code=VatCode(line.vat_code),
                    credited_quantity_milli=credited_qty.get(line.id, 0),
                    net_ore=line.net_ore,
                    credited_net_ore=credited_net.get(line.id, 0),
                )
                for line in original.lines
            )
            plan = plan_credit(creditable, lines)
            note = Invoice(
                company_id=company_id,
                customer_id=customer.id,
                kind=InvoiceKind.CREDIT_NOTE.value,
                status=InvoiceStatus.DRAFT.value,
                credits_invoice_id=original.id,
                our_reference=reason,
                your_reference=original.your_reference,
                created_at=now,
            )
            session.add(note)
            session.flush()
            drafts = [
                LineDraft(
                    description=line.description,
                    quantity_milli=-quantity,
                    unit_price_ore=line.unit_price_ore,
                    vat_code=line.vat_code,
                )
                for line, quantity in plan
            ]
            nets, totals = credit_amounts(
                creditable, plan, invoice_vat, credited_vat, VatRounding(company.vat_rounding)
            )
            self._add_lines(
                session, note, company, drafts, [line.line_id for line, _ in plan], nets, totals
            )
            remaining = original.total_ore - original.credited_ore
            if -note.total_ore > remaining:
                raise ValidationError(
                    f"this credit note of {-note.total_ore} øre would take back more than the"
                    f" {remaining} øre not yet credited on invoice {original.number}"
                )
            self._issue(session, company, customer, note, issue_date or self.clock.today(), now)
            amount = min(open_of(original), -note.total_ore)
            if amount > 0:
                session.add(
                    CreditAllocation(
                        company_id=company_id,
                        invoice_id=original.id,
                        credit_note_id=note.id,
                        amount_ore=amount,
                        created_at=now,
                        actor=actor,
                    )
                )
                note.settled_ore -= amount
                original.settled_ore += amount
            # credited_ore counts what credit notes took back, whether or not it closed
            # an open amount (if the invoice was paid, the credit is the customer's).
            original.credited_ore += -note.total_ore
            refresh_status(original)
            refresh_status(note)
            session.flush()
            view = invoice_view(note, customer)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.credit",
                object_type="invoice",
                object_id=original.id,
                company_id=company_id,
                after={
                    "credit_note_id": note.id,
                    "number": note.number,
                    "total_ore": note.total_ore,
                },
            )
            _deliver_on_issue(session, company, note, self.clock, actor)
            return view

    def invoice(self, company_id: int, invoice_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            view = invoice_view(invoice, customer)
            notes = session.scalars(
                select(Invoice).where(Invoice.credits_invoice_id == invoice.id).order_by(Invoice.id)
            )
            view["credit_notes"] = [
                {"id": n.id, "number": n.number, "total_ore": n.total_ore} for n in notes
            ]
            if invoice.kid and invoice.kid_template and invoice.kid_modulus:
                decoded = kidlib.KidTemplate.parse(
                    invoice.kid_template, invoice.kid_modulus
                ).decode(invoice.kid)
                view["kid_template"] = invoice.kid_template
                view["kid_decoded"] = {
                    "customer_number": decoded.customer_number,
                    "invoice_number": decoded.invoice_number,
                }
            return view

    def invoices(
        self,
        company_id: int,
        *,
        status: str | None = None,
        customer_number: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        with self.sessions() as session:
            query = (
                select(Invoice, Customer)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.company_id == company_id)
            )
            if status is not None:
                try:
                    wanted = InvoiceStatus(status)
                except ValueError:
                    allowed = ", ".join(s.value for s in InvoiceStatus)
                    raise ValidationError(f"--status must be one of {allowed}") from None
                query = query.where(Invoice.status == wanted.value)
            if customer_number is not None:
                query = query.where(Customer.number == customer_number)
            query = query.order_by(Invoice.number.desc().nulls_first(), Invoice.id.desc())
            rows = session.execute(query.limit(limit).offset(offset)).all()
            return [invoice_view(inv, cust, lines=False) for inv, cust in rows]

    def ledger(self, company_id: int, customer_number: int) -> dict[str, Any]:
        """A customer's open items: issued invoices and credit notes not yet closed."""
        with self.sessions() as session:
            customer = self._customer_by_number(session, company_id, customer_number)
            rows = session.scalars(
                select(Invoice)
                .where(
                    Invoice.customer_id == customer.id,
                    Invoice.number.is_not(None),
                    Invoice.total_ore != Invoice.settled_ore,
                )
                .order_by(Invoice.due_date, Invoice.number)
            ).all()
            items = [
                {
                    "type": inv.kind,
                    "id": inv.id,
                    "number": inv.number,
                    "kid": inv.kid,
                    "date": inv.invoice_date.isoformat() if inv.invoice_date else None,
                    "due_date": inv.due_date.isoformat() if inv.due_date else None,
                    "amount_ore": inv.total_ore,
                    "open_ore": open_of(inv),
                }
                for inv in rows
            ]
            payments = session.scalars(
                select(Payment)
                .where(
                    Payment.company_id == customer.company_id,
                    Payment.customer_id == customer.id,
                    Payment.state == "posted",
                    Payment.amount_ore != Payment.allocated_ore,
                )
                .order_by(Payment.date, Payment.id)
            ).all()
            # A payment not (wholly) allocated is the customer's credit: it counts
            # against what is open, with the sign of a credit.
            items.extend(
                {
                    "type": "payment",
                    "id": p.id,
                    "number": None,
                    "kid": p.kid,
                    "date": p.date.isoformat(),
                    "due_date": None,
                    "amount_ore": -p.amount_ore,
                    "open_ore": -(p.amount_ore - p.allocated_ore),
                    "message": p.message,
                }
                for p in payments
            )
            return {
                "customer": customer_view(customer),
                "items": items,
                "balance_ore": sum(i["open_ore"] for i in items),
            }

    # -- helpers -----------------------------------------------------------------

    def _company(self, session: Session, company_id: int) -> Company:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        return company

    def _customer_by_number(self, session: Session, company_id: int, number: int) -> Customer:
        return customer_by_number(session, company_id, number)

    def _invoice(
        self, session: Session, company_id: int, invoice_id: int, *, for_update: bool = False
    ) -> Invoice:
        query = select(Invoice).where(Invoice.id == invoice_id, Invoice.company_id == company_id)
        if for_update:
            query = query.with_for_update()
        invoice = session.execute(query).scalar_one_or_none()
        if invoice is None:
            raise NotFound(f"no invoice with id {invoice_id}")
        return invoice


__all__ = ["Books", "KidSettings"]

"""A company's KID layout, checked against the number series in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain import kid as kidlib
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation.agreements import check_kid_change
from reskontro.services.automation.terms import refusal
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.numbering import CUSTOMER_SERIES, INVOICE_SERIES, peek_number
from reskontro.services.invoicing.views import company_view
from reskontro.storage.models import (
    Customer,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.views import CompanyView


@dataclass(frozen=True, slots=True)
class KidSettings:
    enabled: bool
    template: str
    modulus: int
    dash: kidlib.Mod11Dash = kidlib.Mod11Dash.ALLOW
    avtalegiro_customer_position: tuple[int, int] | None = None


class KidSettingsCases(Base):
    """The company's KID layout: check and save it."""

    def set_kid_settings(
        self, company_id: int, settings: KidSettings, *, actor: str
    ) -> CompanyView:
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
                raise refusal(
                    ValidationError, Message.of(InvoicingError.KID_DOES_NOT_FIT), problems
                )
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

    def check_kid_settings(self, company_id: int, settings: KidSettings) -> list[Message]:
        """The problems saving ``settings`` would meet, for a live preview (codes: each
        interface renders them in its reader's language)."""
        try:
            template = kidlib.KidTemplate.parse(
                settings.template, kidlib.Modulus.parse(settings.modulus), settings.dash
            )
        except ValidationError as exc:
            return [exc.msg or Message.of(InvoicingError.KID_TEMPLATE_TEXT, text=exc.message)]
        with self.sessions() as session:
            return self._kid_problems(session, company_id, template, settings)

    def _kid_problems(
        self,
        session: Session,
        company_id: int,
        template: kidlib.KidTemplate,
        settings: KidSettings,
    ) -> list[Message]:
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
        problems = template.series_problems(biggest_customer, next_invoice)
        limit = template.max_number(kidlib.Part.CUSTOMER)
        if limit is not None and limit < next_customer:
            problems.append(
                Message.of(
                    InvoicingError.KID_NEXT_CUSTOMER,
                    number=next_customer,
                    digits=template.width_of(kidlib.Part.CUSTOMER),
                    limit=limit,
                )
            )
        pos = settings.avtalegiro_customer_position
        if pos is not None:
            first, last = pos
            if not 1 <= first <= last <= template.length - 1:
                problems.append(
                    Message.of(
                        InvoicingError.KID_POSITIONS_OUTSIDE,
                        first=first,
                        last=last,
                        digits=template.length - 1,
                    )
                )
            else:
                try:
                    template.check_customer_position(first, last)
                except ValidationError as exc:
                    if exc.msg is None:  # pragma: no cover - the template's errors are codes
                        raise
                    problems.append(exc.msg)
                room = 10 ** (last - first + 1) - 1
                if max(biggest_customer, next_customer) > room:
                    problems.append(
                        Message.of(
                            InvoicingError.KID_POSITIONS_TOO_NARROW,
                            number=max(biggest_customer, next_customer),
                            first=first,
                            last=last,
                            digits=last - first + 1,
                        )
                    )
        return problems

"""Lines per customer for a bulk run, from a CSV file (:mod:`reskontro.domain.lines_csv`):
product codes priced from the price list on the invoice date, every problem with its
line number, and nothing issued when the file has any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.lines_csv import CsvError, parse_lines_csv
from reskontro.domain.vat import VatCode
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message, Problem
from reskontro.services.invoicing.catalogue import price_at, product_by_code
from reskontro.storage.models import Customer

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.domain.lines_csv import CsvLine


def _draft(session: Session, company_id: int, line: CsvLine, day: dt.date) -> LineDraft:
    if line.product is None:
        # Without a product the parser fills price (0) and VAT (25) when left out.
        return LineDraft(line.description, line.quantity_milli, line.unit_price_ore or 0,
                         line.vat_code or VatCode.STANDARD)  # fmt: skip
    product = product_by_code(session, company_id, line.product)
    price = line.unit_price_ore
    if price is None:
        price = price_at(session, product.id, day)
    return LineDraft(
        line.description or product.description, line.quantity_milli, price,
        line.vat_code or VatCode(product.vat_code),
    )  # fmt: skip


def lines_per_customer(
    sessions: sessionmaker[Session], company_id: int, text: str, day: dt.date
) -> dict[int, list[LineDraft]]:
    """Each customer's lines (by number, in file order) of a CSV file, priced on ``day``."""
    parsed = parse_lines_csv(text)
    problems: list[Problem] = []
    found: dict[int, list[LineDraft]] = {}
    with sessions() as session:
        known = set(
            session.scalars(
                select(Customer.number).where(
                    Customer.company_id == company_id, Customer.number.in_(parsed.customers)
                )
            )
        )
        for number in parsed.customers:
            for line in parsed.lines[number]:
                if number not in known:
                    problems.append(Problem(Message.of(CsvError.CUSTOMER, value=str(number)),
                                            field="customer", line=line.line))  # fmt: skip
                    continue
                try:
                    found.setdefault(number, []).append(_draft(session, company_id, line, day))
                except ReskontroError as exc:
                    message = exc.msg or Message.of(CsvError.VALUE, column="produkt",
                                                    value=line.product or "")  # fmt: skip
                    problems.append(Problem(message, field="product", line=line.line))
    if problems:
        raise ValidationError(Message.of(CsvError.INVALID, problems=len(problems)),
                              field="lines_csv", problems=problems)  # fmt: skip
    return found


__all__ = ["lines_per_customer"]

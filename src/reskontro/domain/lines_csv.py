"""Invoice lines per customer from a CSV file (bulk invoicing), pure.

A header names the columns, in any order (Norwegian or English names), separated by
``;`` (as a Norwegian spreadsheet saves it) or ``,``:

* ``kunde`` / ``customer``: the customer number (required);
* ``tekst`` / ``text`` / ``description``: the line's text;
* ``antall`` / ``quantity``: default 1 (``1,5`` and ``1.5`` both read);
* ``pris`` / ``price``: unit price in NOK without VAT (``1 250,50``);
* ``mva`` / ``vat``: 25, 15, 12, 0 or exempt (default 25);
* ``produkt`` / ``product``: a product code from the price list instead of text and
  price (its price on the invoice date; text and VAT from the product unless given).

Each row is one line; a customer's rows make its invoice, in file order. Every
problem is reported with its line number, and a file with any problem is refused
whole (nothing is issued).

>>> parsed = parse_lines_csv("kunde;tekst;antall;pris;mva\\n10001;Strøm;2;100,50;25\\n")
>>> parsed.customers
(10001,)
>>> parsed.lines[10001][0].unit_price_ore
10050
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import io
from dataclasses import dataclass

from reskontro.domain.money import parse_nok
from reskontro.domain.vat import VatCode, parse_quantity
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message, Problem


class CsvError(enum.StrEnum):
    """What is wrong with a file of lines per customer (texts: :mod:`reskontro.i18n.invoicing`)."""

    INVALID = "invoicing.csv.invalid"
    EMPTY = "invoicing.csv.empty"
    NO_CUSTOMER_COLUMN = "invoicing.csv.no_customer_column"
    UNKNOWN_COLUMN = "invoicing.csv.unknown_column"
    CUSTOMER = "invoicing.csv.customer"
    NO_TEXT = "invoicing.csv.no_text"
    VALUE = "invoicing.csv.value"
    COLUMNS = "invoicing.csv.columns"


_NAMES = {
    "kunde": "customer", "kundenr": "customer", "kundenummer": "customer",
    "customer": "customer", "tekst": "text", "beskrivelse": "text", "text": "text",
    "description": "text", "antall": "quantity", "quantity": "quantity", "pris": "price",
    "price": "price", "enhetspris": "price", "mva": "vat", "vat": "vat",
    "produkt": "product", "product": "product", "varenr": "product",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CsvLine:
    """One row: a line of its own, or a product from the price list (``product``)."""

    description: str
    quantity_milli: int
    unit_price_ore: int | None
    vat_code: VatCode | None
    product: str | None = None
    #: The line of the file it came from.
    line: int = 0


@dataclass(frozen=True, slots=True)
class CsvLines:
    #: Customer numbers in the order they first appear.
    customers: tuple[int, ...]
    lines: dict[int, tuple[CsvLine, ...]]


def _columns(header: list[str], problems: list[Problem]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower().lstrip("\ufeff")
        if not name:
            continue
        if name not in _NAMES:
            problems.append(Problem(Message.of(CsvError.UNKNOWN_COLUMN, column=raw.strip()),
                                    line=1))  # fmt: skip
            continue
        found[_NAMES[name]] = index
    if "customer" not in found and not problems:
        problems.append(Problem(Message.of(CsvError.NO_CUSTOMER_COLUMN), line=1))
    return found


def _row(row: list[str], columns: dict[str, int], header: list[str]) -> tuple[int, CsvLine]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    number_text = cell("customer")
    if not number_text.isdigit() or len(number_text) > 18:
        raise ValidationError(Message.of(CsvError.CUSTOMER, value=number_text), field="customer")
    product = cell("product") or None
    text, price = cell("text"), cell("price")
    if product is None and not text:
        raise ValidationError(Message.of(CsvError.NO_TEXT), field="text")
    field = "quantity"
    try:
        quantity = parse_quantity(cell("quantity") or "1")
        field = "price"
        price_ore = parse_nok(price) if price else (None if product else 0)
        field = "vat"
        vat = cell("vat")
        vat_code = VatCode.parse(vat) if vat else (None if product else VatCode.STANDARD)
    except ReskontroError:
        column = header[columns[field]].strip() if field in columns else field
        raise ValidationError(
            Message.of(CsvError.VALUE, column=column, value=cell(field)), field=field
        ) from None
    return int(number_text), CsvLine(text, quantity, price_ore, vat_code, product)


def parse_lines_csv(text: str) -> CsvLines:
    """The lines per customer of a CSV file; every problem at once, with line numbers."""
    sample = text.lstrip("\ufeff")
    first = sample.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ValidationError(Message.of(CsvError.EMPTY), field="lines_csv")
    problems: list[Problem] = []
    columns = _columns(rows[0], problems)
    lines: dict[int, list[CsvLine]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(rows[0]):
            problems.append(Problem(Message.of(CsvError.COLUMNS, found=len(row),
                                               expected=len(rows[0])), line=number))  # fmt: skip
            continue
        if problems and problems[0].line == 1:
            break
        try:
            customer, line = _row(row, columns, rows[0])
        except ValidationError as exc:
            if exc.msg is None:  # pragma: no cover - every error above carries a code
                raise
            problems.append(Problem(exc.msg, field=exc.field, line=number))
            continue
        lines.setdefault(customer, []).append(dataclasses.replace(line, line=number))
    if not problems and not lines:
        problems.append(Problem(Message.of(CsvError.EMPTY)))
    if problems:
        error = ValidationError(Message.of(CsvError.INVALID, problems=len(problems)),
                                field="lines_csv", problems=problems)  # fmt: skip
        raise error
    return CsvLines(tuple(lines), {k: tuple(v) for k, v in lines.items()})


__all__ = ["CsvError", "CsvLine", "CsvLines", "parse_lines_csv"]

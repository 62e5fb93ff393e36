"""Customer groups and the price list (products with prices from a date)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.codes import RecurringError
from reskontro.storage.models_invoicing import (
    CustomerGroup,
    CustomerGroupMember,
    Product,
    ProductPrice,
)
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class GroupView:
    id: int
    name: str
    customers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProductView:
    id: int
    code: str
    description: str
    vat_code: str
    unit: str | None
    #: ``(valid_from, unit_price_ore)``, oldest first.
    prices: tuple[tuple[dt.date, int], ...]


def price_at(session: Session, product_id: int, day: dt.date) -> int:
    """The product's unit price on ``day``: the newest price from that day or before."""
    price = session.scalars(
        select(ProductPrice.unit_price_ore)
        .where(ProductPrice.product_id == product_id, ProductPrice.valid_from <= day)
        .order_by(ProductPrice.valid_from.desc())
        .limit(1)
    ).first()
    if price is None:
        raise ValidationError(Message.of(RecurringError.NO_PRICE, product=product_id, day=day))
    return price


def product_by_code(session: Session, company_id: int, code: str) -> Product:
    product = session.scalars(
        select(Product).where(Product.company_id == company_id, Product.code == code)
    ).first()
    if product is None:
        raise NotFound(Message.of(RecurringError.NO_PRODUCT, product=code), field="product")
    return product


class Catalogue:
    """Groups and products of one database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def add_to_group(self, company_id: int, name: str, customers: list[int]) -> GroupView:
        """Put customers (by number) into the group, creating it if it is new."""
        with self.sessions.begin() as session:
            group = session.scalars(
                select(CustomerGroup).where(
                    CustomerGroup.company_id == company_id, CustomerGroup.name == name
                )
            ).first()
            if group is None:
                group = CustomerGroup(company_id=company_id, name=name.strip())
                session.add(group)
                session.flush()
            for number in customers:
                customer = customer_by_number(session, company_id, number)
                if session.get(CustomerGroupMember, (group.id, customer.id)) is None:
                    session.add(CustomerGroupMember(group_id=group.id, customer_id=customer.id))
            session.flush()
            return self._group_view(session, group)

    def groups(self, company_id: int) -> list[GroupView]:
        with self.sessions() as session:
            groups = session.scalars(
                select(CustomerGroup)
                .where(CustomerGroup.company_id == company_id)
                .order_by(CustomerGroup.name)
            )
            return [self._group_view(session, g) for g in groups]

    @staticmethod
    def _group_view(session: Session, group: CustomerGroup) -> GroupView:
        from reskontro.storage.models import Customer

        numbers = session.scalars(
            select(Customer.number)
            .join(CustomerGroupMember, CustomerGroupMember.customer_id == Customer.id)
            .where(CustomerGroupMember.group_id == group.id)
            .order_by(Customer.number)
        )
        return GroupView(group.id, group.name, tuple(numbers))

    def set_product(
        self,
        company_id: int,
        *,
        code: str,
        unit_price_ore: int,
        valid_from: dt.date,
        description: str | None = None,
        vat_code: VatCode | None = None,
        unit: str | None = None,
    ) -> ProductView:
        """Add a product, or give an existing one a price from ``valid_from`` on
        (invoices issued keep the price they were issued with)."""
        with self.sessions.begin() as session:
            product = session.scalars(
                select(Product).where(Product.company_id == company_id, Product.code == code)
            ).first()
            if product is None:
                if not description or vat_code is None:
                    raise ValidationError(
                        Message.of(RecurringError.NO_PRODUCT, product=code), field="description"
                    )
                product = Product(
                    company_id=company_id,
                    code=code,
                    description=description,
                    vat_code=vat_code.value,
                    unit=unit,
                )
                session.add(product)
                session.flush()
            price = session.scalars(
                select(ProductPrice).where(
                    ProductPrice.product_id == product.id, ProductPrice.valid_from == valid_from
                )
            ).first()
            if price is None:
                session.add(
                    ProductPrice(
                        product_id=product.id, valid_from=valid_from, unit_price_ore=unit_price_ore
                    )
                )
            else:
                price.unit_price_ore = unit_price_ore
            session.flush()
            prices = session.execute(
                select(ProductPrice.valid_from, ProductPrice.unit_price_ore)
                .where(ProductPrice.product_id == product.id)
                .order_by(ProductPrice.valid_from)
            ).all()
            return ProductView(
                product.id,
                product.code,
                product.description,
                product.vat_code,
                product.unit,
                tuple((p.valid_from, p.unit_price_ore) for p in prices),
            )

    def products(self, company_id: int) -> list[ProductView]:
        """The price list, by code, each product with every price it has had."""
        with self.sessions() as session:
            products = session.scalars(
                select(Product).where(Product.company_id == company_id).order_by(Product.code)
            ).all()
            prices: dict[int, list[tuple[dt.date, int]]] = {}
            for product_id, valid_from, price in session.execute(
                select(ProductPrice.product_id, ProductPrice.valid_from,
                       ProductPrice.unit_price_ore)
                .where(ProductPrice.product_id.in_([p.id for p in products]))
                .order_by(ProductPrice.valid_from)
            ):  # fmt: skip
                prices.setdefault(product_id, []).append((valid_from, price))
            return [
                ProductView(p.id, p.code, p.description, p.vat_code, p.unit,
                            tuple(prices.get(p.id, ())))
                for p in products
            ]  # fmt: skip

    def product(self, company_id: int, code: str) -> ProductView:
        for view in self.products(company_id):
            if view.code == code:
                return view
        raise NotFound(Message.of(RecurringError.NO_PRODUCT, product=code), field="product")

    def line(self, company_id: int, code: str, quantity_milli: int, day: dt.date) -> LineDraft:
        """An invoice line of product ``code``: its text, VAT and price on ``day``."""
        with self.sessions() as session:
            product = product_by_code(session, company_id, code)
            return LineDraft(product.description, quantity_milli,
                             price_at(session, product.id, day),
                             VatCode(product.vat_code))  # fmt: skip

    def product_id(self, company_id: int, code: str) -> tuple[int, str, VatCode]:
        """A product's id, text and VAT code (for a recurring line that follows its price)."""
        with self.sessions() as session:
            product = product_by_code(session, company_id, code)
            return product.id, product.description, VatCode(product.vat_code)


def price_now(view: ProductView, day: dt.date) -> int | None:
    """The product's price on ``day`` (None before its first price)."""
    current = None
    for valid_from, price in view.prices:
        if valid_from <= day:
            current = price
    return current


__all__ = ["Catalogue", "GroupView", "ProductView", "price_at", "price_now", "product_by_code"]

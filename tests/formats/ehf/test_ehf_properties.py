"""Hypothesis: every document the model accepts is valid EHF, and reads back as itself."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reskontro.domain import kid
from reskontro.domain.vat import VatCode, VatRounding, compute_totals, line_net
from reskontro.formats.ehf import (
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EhfDocument,
    EndpointId,
    Exemption,
    InvoiceReference,
    Line,
    MimeCode,
    Payment,
    Seller,
    build,
    parse,
)

if TYPE_CHECKING:
    from reskontro.testing.ehf import Validator

#: Letters (Norwegian too), digits, blanks, markup characters, some beyond the BMP.
ALPHABET = "abcXYZ019 æøåÆØÅéü€&<>\"'\n\t-.,:;#§½«»" + "\u00a0\U0001f600\U00020000"
VALIDATED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(ALPHABET, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def _with_check(base: int) -> str | None:
    digits = f"{base:08d}"
    remainder = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else digits + str(check)


org_numbers = st.integers(80_000_000, 99_999_999).map(_with_check).filter(bool).map(str)
addresses = st.builds(
    Address,
    street=st.none() | texts(),
    postcode=st.none() | st.from_regex(r"\d{4}", fullmatch=True),
    city=st.none() | texts(),
    country=st.sampled_from(["NO", "SE", "DK"]),
)


@st.composite
def lines(draw: st.DrawFn) -> Line:
    quantity = draw(st.integers(-50_000, 200_000).filter(bool))
    price = draw(st.integers(0, 10_000_000))
    return Line(
        description=draw(texts(80)),
        quantity_milli=quantity,
        unit_price_ore=price,
        vat_code=draw(st.sampled_from(VatCode)),
        net_ore=line_net(quantity, price),
        unit_code=draw(st.sampled_from(["EA", "HUR", "KGM", "LTR", "C62"])),
        note=draw(st.none() | texts(200)),
    )


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@st.composite
def documents(draw: st.DrawFn) -> EhfDocument:
    kind = draw(st.sampled_from(DocumentType))
    chosen = tuple(draw(st.lists(lines(), min_size=1, max_size=6)))
    rounding = draw(st.sampled_from(VatRounding))
    totals = compute_totals([(x.net_ore, x.vat_code) for x in chosen], rounding)
    codes = {x.vat_code for x in chosen}
    vat_registered = any(c.carries_vat for c in codes) or draw(st.booleans())
    seller = Seller(
        name=draw(texts()),
        org_number=draw(org_numbers),
        address=draw(addresses).__class__(
            street=draw(st.none() | texts()), postcode="0155", city=draw(texts()), country="NO"
        ),
        vat_registered=vat_registered,
        foretaksregisteret=draw(st.booleans()) or not vat_registered,
    )
    buyer_org = draw(org_numbers)
    buyer = Buyer(
        name=draw(texts()),
        endpoint=EndpointId.norwegian(buyer_org),
        address=draw(addresses),
        org_number=draw(st.sampled_from([buyer_org, None])),
    )
    currency = draw(st.sampled_from(["NOK", "NOK", "EUR", "SEK", "USD"]))
    rate_micro = draw(st.integers(1, 20_000_000))
    vat_nok = None if currency == "NOK" else _half_up(Decimal(totals.vat_ore * rate_micro) / 10**6)
    issued = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    payment = draw(
        st.none()
        | st.builds(
            Payment,
            account=st.just("86011117947"),
            kid=st.none()
            | st.integers(1, 10**15).map(lambda n: kid.generate(str(n), kid.Modulus.MOD10)),
        )
    )
    due = draw(st.none() | st.integers(0, 60).map(lambda d: issued + dt.timedelta(days=d)))
    if kind is DocumentType.CREDIT_NOTE and payment is None:
        due = None
    exemption = None
    if VatCode.EXEMPT in codes:
        exemption = draw(
            st.builds(Exemption, reason=texts(), code=st.none() | st.just("VATEX-EU-132"))
            | st.builds(Exemption, code=st.sampled_from(["VATEX-EU-132", "VATEX-EU-143"]))
        )
    attachments = draw(
        st.lists(
            st.builds(
                Attachment,
                id=texts(20),
                filename=st.from_regex(r"[a-zæøå0-9_-]{1,20}\.pdf", fullmatch=True),
                content=st.binary(min_size=1, max_size=2000),
                mime_code=st.sampled_from(MimeCode),
                description=st.none() | texts(),
            ),
            max_size=2,
        )
    )
    return EhfDocument(
        kind=kind,
        number=draw(texts(20)),
        issue_date=issued,
        seller=seller,
        buyer=buyer,
        buyer_reference=draw(texts(100)),
        lines=chosen,
        vat=totals.by_code,
        due_date=due,
        delivery_date=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        currency=currency,
        vat_nok_ore=vat_nok,
        payment=payment,
        credits=(
            InvoiceReference(draw(texts(20)), draw(st.none() | st.just(issued)))
            if kind is DocumentType.CREDIT_NOTE or draw(st.booleans())
            else None
        ),
        note=draw(st.none() | texts(500)),
        exemption=exemption,
        attachments=tuple(attachments),
    )


@VALIDATED
@given(doc=documents())
def test_every_generated_document_passes_the_official_rules(
    validator: Validator, doc: EhfDocument
) -> None:
    fatal = validator.fatal(build(doc))
    assert fatal == []


@ROUND_TRIP
@given(doc=documents())
def test_parse_build_round_trip(doc: EhfDocument) -> None:
    data = build(doc)
    assert parse(data) == doc
    assert build(parse(data)) == data

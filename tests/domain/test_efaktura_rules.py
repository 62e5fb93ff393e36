"""eFaktura's rules (domain/efaktura.py), each on both sides of its limit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reskontro.domain.efaktura import (
    MAX_DAYS,
    MIN_DAYS,
    Answer,
    ConsignmentState,
    InvoiceFacts,
    Rule,
    account_passes_mod11,
    broken_rule,
    broken_rules,
    mask_national_id,
    validate_mobile,
    validate_national_id,
)
from reskontro.errors import ValidationError
from reskontro.i18n import render

SEND = dt.date(2027, 3, 1)
OK = InvoiceFacts(SEND, SEND + dt.timedelta(days=14), "NOK", 12500, None, "1001", "86011117947")


def _with(**changes: object) -> InvoiceFacts:
    return dataclasses.replace(OK, **changes)  # type: ignore[arg-type]


def test_a_good_invoice_breaks_no_rule() -> None:
    assert broken_rule(OK) is None
    assert broken_rules(OK) == ()


@pytest.mark.parametrize(
    ("days", "rule"),
    [
        (MIN_DAYS - 1, Rule.DUE_TOO_SOON),
        (MIN_DAYS, None),
        (MAX_DAYS, None),
        (MAX_DAYS + 1, Rule.DUE_TOO_LATE),
        (0, Rule.DUE_TOO_SOON),
        (-1, Rule.DUE_TOO_SOON),
    ],
)
def test_due_date_window(days: int, rule: Rule | None) -> None:
    found = broken_rule(_with(due_date=SEND + dt.timedelta(days=days)))
    assert (found.code if found else None) == (rule.value if rule else None)
    if found is not None:
        assert found["days"] == days


def test_due_date_texts_name_the_limit() -> None:
    found = broken_rule(_with(due_date=SEND + dt.timedelta(days=2)))
    assert found is not None
    assert render(found, "en") == (
        "eFaktura: the due date must be at least 3 days after sending (it is 2)"
    )
    assert "minst 3 dager" in render(found, "nb")
    late = broken_rule(_with(due_date=SEND + dt.timedelta(days=366)))
    assert late is not None
    assert "høyst 365 dager" in render(late, "nb")


def test_no_due_date() -> None:
    found = broken_rule(_with(due_date=None))
    assert found is not None
    assert found.code == Rule.NO_DUE_DATE


@pytest.mark.parametrize(("currency", "ok"), [("NOK", True), ("EUR", False), ("SEK", False)])
def test_nok_only(currency: str, ok: bool) -> None:
    found = broken_rule(_with(currency=currency))
    assert (found is None) is ok
    if found is not None:
        assert found.code == Rule.NOT_NOK
        assert render(found, "en") == f"eFaktura: only invoices in NOK can be sent, not {currency}"


@pytest.mark.parametrize(("amount", "ok"), [(-1, False), (0, False), (1, True)])
def test_amount_above_zero(amount: int, ok: bool) -> None:
    found = broken_rule(_with(amount_ore=amount))
    assert (found is None) is ok
    if found is not None:
        assert found.code == Rule.AMOUNT_NOT_POSITIVE


@pytest.mark.parametrize(
    ("kid", "number", "ok"),
    [(None, None, False), ("", "", False), ("12345678903", None, True), (None, "1", True)],
)
def test_kid_or_invoice_number(kid: str | None, number: str | None, ok: bool) -> None:
    found = broken_rule(_with(kid=kid, invoice_number=number))
    assert (found is None) is ok
    if found is not None:
        assert found.code == Rule.NO_REFERENCE


@pytest.mark.parametrize(
    ("account", "ok"),
    [
        ("86011117947", True),
        ("8601.11.17947", True),
        ("86011117948", False),  # check digit off by one
        ("8601111794", False),  # 10 digits
        ("860111179470", False),  # 12 digits
        (None, False),
        ("", False),
    ],
)
def test_billing_account_mod11(account: str | None, ok: bool) -> None:
    assert account_passes_mod11(account) is ok
    found = broken_rule(_with(billing_account=account))
    assert (found is None) is ok
    if found is not None:
        assert found.code == Rule.BAD_BILLING_ACCOUNT


def test_every_broken_rule_is_listed_in_order() -> None:
    facts = InvoiceFacts(SEND, SEND, "EUR", 0, None, None, "1")
    assert [m.code for m in broken_rules(facts)] == [
        Rule.NOT_NOK,
        Rule.DUE_TOO_SOON,
        Rule.AMOUNT_NOT_POSITIVE,
        Rule.NO_REFERENCE,
        Rule.BAD_BILLING_ACCOUNT,
    ]


def test_national_id_checked_and_masked() -> None:
    assert validate_national_id(" 010100 12356 ") == "01010012356"
    assert mask_national_id("01010012356") == "010100*****"
    for bad in ("01010012357", "0101001235", "32010012356", "abc"):
        with pytest.raises(ValidationError) as info:
            validate_national_id(bad)
        assert info.value.field == "national_id"
        assert "fødselsnummer" in info.value.text("nb")


@pytest.mark.parametrize(
    ("text", "value"),
    [("91234567", "91234567"), ("+47 912 34 567", "91234567"), ("004791234567", "91234567"),
     ("+46701234567", "+46701234567")],
)  # fmt: skip
def test_mobile(text: str, value: str) -> None:
    assert validate_mobile(text) == value


@pytest.mark.parametrize("text", ["1234567", "21234567", "+12", "abc", "+4791234567x"])
def test_mobile_refused(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_mobile(text)
    assert info.value.field == "mobile"


def test_states() -> None:
    assert not Answer.UNAVAILABLE.definite
    assert Answer.CAN_RECEIVE.definite
    assert ConsignmentState.REJECTED.final
    assert not ConsignmentState.PROCESSING.final

"""The one catalogue (:mod:`reskontro.i18n`): every code has English and bokmål texts
with the same parameters, and messages render in both languages."""

from __future__ import annotations

import datetime as dt
import enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro import i18n
from reskontro.errors import FileFormatError, ValidationError
from reskontro.messages import Message, Messages, Problem


def test_every_code_of_every_enum_has_both_texts() -> None:
    texts = i18n.catalogue()
    missing = [
        f"{cls.__name__}.{member.name} ({member.value})"
        for cls in i18n.enums()
        for member in cls
        if member.value not in texts
    ]
    assert missing == []


def test_both_languages_take_the_same_parameters() -> None:
    differ = {
        code: (sorted(i18n.placeholders(en)), sorted(i18n.placeholders(nb)))
        for code, (en, nb) in i18n.catalogue().items()
        if i18n.placeholders(en) != i18n.placeholders(nb)
    }
    assert differ == {}


def test_codes_are_namespaced_by_flow() -> None:
    assert all("." in code for code in i18n.catalogue())


def test_every_text_renders_with_its_parameters() -> None:
    for code, (en, nb) in i18n.catalogue().items():
        params: dict[str, object] = {}
        # A spec in either text says what the value is (English may show øre as a
        # plain number where bokmål shows kroner).
        for _, name, spec, _ in __import__("string").Formatter().parse(en + nb):
            if not name or (name in params and params[name] != "x"):
                continue
            params[name] = 1000 if spec == "kr" else dt.date(2026, 12, 1) if spec == "date" else "x"
        message = Message.of(code, **params)  # type: ignore[arg-type]
        for lang in i18n.LANGS:
            assert "{" not in i18n.render(message, lang)


def test_amounts_and_dates_in_the_readers_form() -> None:
    m = Message.of("test.amount", amount_ore=-123456789)
    assert i18n.render(m, "nb") == "Beløp −1\u00a0234\u00a0567,89\u00a0kr"
    assert i18n.render(m, "en") == "Amount NOK -1,234,567.89"


def test_an_unknown_code_shows_itself_rather_than_failing() -> None:
    assert i18n.render(Message.of("nowhere.code"), "nb") == "nowhere.code"


class _Codes(enum.StrEnum):
    AMOUNT = "test.amount"


def test_errors_carry_their_code_and_render_in_english() -> None:
    err = ValidationError(Message.of(_Codes.AMOUNT, amount_ore=250), field="amount")
    assert str(err) == "Amount NOK 2.50"
    assert err.text("nb") == "Beløp 2,50\u00a0kr"
    assert err.msg is not None
    assert err.msg.code == "test.amount"
    assert err.field == "amount"
    legacy = ValidationError("plain English")
    assert legacy.msg is None
    assert legacy.text("nb") == "plain English"


def test_file_errors_keep_their_location_with_a_code() -> None:
    err = FileFormatError(Message.of(_Codes.AMOUNT, amount_ore=1), line=4, field="amount")
    assert str(err) == "line 4, field amount: Amount NOK 0.01"
    assert err.msg == Message.of(_Codes.AMOUNT, amount_ore=1)
    assert err.line == 4


def test_problems_render_with_their_location() -> None:
    p = Problem(Message.of(_Codes.AMOUNT, amount_ore=1), line=7, path="/Document/Ntry[2]")
    assert i18n.render_problem(p, "nb") == "/Document/Ntry[2], linje 7: Beløp 0,01\u00a0kr"


_params = st.dictionaries(
    st.sampled_from(["a", "b", "invoice", "amount_ore", "due"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates()),
    max_size=5,
)


@given(code=st.sampled_from(["x.a", "payment.b"]), params=_params)
def test_messages_round_trip_through_json(code: str, params: dict[str, object]) -> None:
    m = Message.of(code, **params)  # type: ignore[arg-type]
    back = Message.loads(m.dumps())
    # Dates come back as their ISO text; the catalogue's {x:date} reads either.
    assert back.code == m.code
    assert dict(back.params) == {
        k: v.isoformat() if isinstance(v, dt.date) else v for k, v in m.params
    }
    assert Messages.loads(Messages((m, m)).dumps()) == Messages((back, back))


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_code_parameter_is_shown_by_its_own_text(lang: str) -> None:
    # "@prefix" looks the value up as a code; unknown values show as they are.
    text = i18n._Formatter("nb" if lang == "nb" else "en").format_field("zzz", "@none")
    assert text == "zzz"

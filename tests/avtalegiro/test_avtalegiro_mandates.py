"""Mandate lists: registration types 0/1/2, the customer from the KID, waiting, history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from reskontro.domain.avtalegiro import MandateChange, MandateState
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.services.avtalegiro.agreement import register_agreement, show_agreement
from reskontro.services.avtalegiro.mandates import (
    assign_mandate,
    list_mandates,
    mandate_history,
    read_mandates,
)
from reskontro.storage.models_avtalegiro import AvtaleGiroFile
from reskontro.testing.avtalegiro import ACCOUNT, mandate_list

if TYPE_CHECKING:
    from reskontro.testing.avtalegiro import AG

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"

SAMPLE_KIDS = 16


def _read(ag: AG, data: bytes, name: str = "fbo.txt") -> tuple[int, int, int, int]:
    r = read_mandates(ag.sessions, ag.clock, ag.company_id, data, filename=name, actor="t")
    return r.new, r.changed, r.deleted, r.waiting


def test_the_nets_sample_list(ag: AG) -> None:
    data = (SAMPLES / "nets" / "avtalegiro_agreements.txt").read_bytes()
    assert _read(ag, data, "avtalegiro_agreements.txt") == (SAMPLE_KIDS, 0, 0, SAMPLE_KIDS - 3)
    active = list_mandates(ag.sessions, ag.company_id, state=MandateState.ACTIVE)
    assert [(m.customer, m.kid, m.notify) for m in active] == [
        (112, "000112000507155", True),
        (1006, "001006300507304", False),
        (1020, "001020200507462", True),
    ]
    waiting = list_mandates(ag.sessions, ag.company_id, state=MandateState.WAITING)
    assert all(m.customer is None and m.active for m in waiting)
    assert len(list_mandates(ag.sessions, ag.company_id, notify=False)) == 5
    assert [m.kid for m in list_mandates(ag.sessions, ag.company_id, customer=1006)] == [
        "001006300507304"
    ]
    # The same list again changes nothing.
    assert _read(ag, data) == (0, 0, 0, SAMPLE_KIDS - 3)
    with ag.sessions() as session:
        files = session.scalars(select(AvtaleGiroFile)).all()
        assert [f.new for f in files] == [SAMPLE_KIDS, 0]
        assert files[0].content == data


def test_types_one_and_two(ag: AG) -> None:
    kid = "000112000507155"
    assert _read(ag, mandate_list((1, kid, True))) == (1, 0, 0, 0)
    assert _read(ag, mandate_list((1, kid, True))) == (0, 0, 0, 0)
    # Type 1 again with the notify flag changed: processed.
    assert _read(ag, mandate_list((1, kid, False))) == (0, 1, 0, 0)
    assert _read(ag, mandate_list((2, kid, False))) == (0, 0, 1, 0)
    assert _read(ag, mandate_list((2, kid, False))) == (0, 0, 0, 0)
    (ended,) = list_mandates(ag.sessions, ag.company_id)
    assert (ended.state, ended.active) == (MandateState.ENDED, False)
    # A new mandate for an ended KID takes it up again.
    assert _read(ag, mandate_list((1, kid, True))) == (1, 0, 0, 0)
    history = mandate_history(ag.sessions, ag.company_id, 112)
    assert [(e.change, e.notify) for e in history] == [
        (MandateChange.NEW, True),
        (MandateChange.CHANGED, False),
        (MandateChange.DELETED, False),
        (MandateChange.NEW, True),
    ]


def test_full_list_ends_the_missing(ag: AG) -> None:
    a, b = "000112000507155", "001006300507304"
    assert _read(ag, mandate_list((1, a, True), (1, b, True))) == (2, 0, 0, 0)
    assert _read(ag, mandate_list((0, a, True))) == (0, 0, 1, 0)
    states = {m.kid: m.state for m in list_mandates(ag.sessions, ag.company_id)}
    assert states == {a: MandateState.ACTIVE, b: MandateState.ENDED}


def test_added_and_deleted_in_one_list(ag: AG) -> None:
    kid = "000112000507155"
    assert _read(ag, mandate_list((1, kid, True), (2, kid, True))) == (0, 0, 0, 0)
    assert list_mandates(ag.sessions, ag.company_id) == ()


def test_unknown_kid_waits_for_a_person(ag: AG) -> None:
    kid = "009999000507155"
    assert _read(ag, mandate_list((1, kid, True))) == (1, 0, 0, 1)
    view = assign_mandate(
        ag.sessions, ag.clock, ag.company_id, kid=kid, customer_number=1020, actor="t"
    )
    assert (view.customer, view.state) == (1020, MandateState.ACTIVE)
    with pytest.raises(StateError, match="not waiting"):
        assign_mandate(
            ag.sessions, ag.clock, ag.company_id, kid=kid, customer_number=1020, actor="t"
        )
    with pytest.raises(NotFound):
        assign_mandate(
            ag.sessions, ag.clock, ag.company_id, kid="1", customer_number=1020, actor="t"
        )
    # The customer a person chose stays when Nets repeats the mandate.
    assert _read(ag, mandate_list((1, kid, True))) == (0, 0, 0, 0)
    history = mandate_history(ag.sessions, ag.company_id, 1020)
    assert [e.change for e in history] == [MandateChange.ASSIGNED]


def test_a_list_for_another_account_is_refused(ag: AG) -> None:
    with pytest.raises(ValidationError, match="account 12345678903"):
        _read(ag, mandate_list((1, "000112000507155", True), account="12345678903"))
    assert list_mandates(ag.sessions, ag.company_id) == ()


def test_a_payment_file_is_not_a_mandate_list(ag: AG) -> None:
    data = (SAMPLES / "nets" / "ocr_giro_transactions.txt").read_bytes()
    with pytest.raises(ValidationError, match="not a mandate list"):
        _read(ag, data, "ocr.txt")


def test_agreement_rules(ag: AG) -> None:
    view = show_agreement(ag.sessions, ag.company_id)
    assert view is not None
    assert (view.account, view.customer_position, view.bank_notifies) == (ACCOUNT, (1, 6), True)
    register = register_agreement
    with pytest.raises(ValidationError, match="9 digits") as info:
        register(ag.sessions, ag.clock, ag.company_id, agreement_id="12", data_transmitter="1",
                 actor="t")  # fmt: skip
    assert info.value.field == "agreement_id"
    with pytest.raises(ValidationError, match="8 digits") as info:
        register(ag.sessions, ag.clock, ag.company_id, agreement_id="000012345",
                 data_transmitter="00008080", actor="t")  # fmt: skip
    assert info.value.field == "data_transmitter"
    changed = register(
        ag.sessions, ag.clock, ag.company_id, agreement_id="000012346",
        data_transmitter="00010201", bank_notifies=False, actor="t",
    )  # fmt: skip
    assert (changed.agreement_id, changed.bank_notifies) == ("000012346", False)

"""Follow-up's reasons and errors are codes: rendered in English (the CLI's sentences)
and bokmål, never naming a CLI option, with the argument at fault as ``field``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from reskontro import i18n
from reskontro.domain.followup import ClaimState, FollowupPolicy, decide_reminder
from reskontro.domain.followup_codes import FollowupError, Why
from reskontro.errors import ValidationError
from reskontro.services.followup import FollowUp, shipped_rates
from reskontro.storage.db import session_factory
from reskontro.storage.filestore import FileStore

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock

D = dt.date


def test_no_follow_up_text_names_a_cli_option() -> None:
    texts = {code: pair for code, pair in i18n.catalogue().items() if code.startswith("followup.")}
    assert {str(c) for c in (*Why, *FollowupError)} == set(texts)
    assert [code for code, (en, nb) in texts.items() if "--" in en or "--" in nb] == []


def test_a_decision_says_why_in_both_languages() -> None:
    claim = ClaimState(due=D(2026, 11, 1), open_ore=100000, hold="Avtalt nedbetaling")
    decision = decide_reminder(claim, D(2026, 11, 25), FollowupPolicy(), shipped_rates())
    assert decision.why.code == Why.ON_HOLD
    assert decision.reason == "on hold: Avtalt nedbetaling"
    assert i18n.render(decision.why, "nb") == "holdt tilbake: Avtalt nedbetaling"
    customer = ClaimState(
        due=D(2026, 11, 1), open_ore=100000, hold="Konkursbo", hold_until=D(2026, 11, 30),
        hold_on_customer=True,
    )  # fmt: skip
    held = decide_reminder(customer, D(2026, 11, 25), FollowupPolicy(), shipped_rates())
    assert held.reason == "on hold: customer: Konkursbo (until 30.11.2026)"
    assert i18n.render(held.why, "nb") == "kunden holdes tilbake til og med 30.11.2026: Konkursbo"
    early = decide_reminder(
        ClaimState(due=D(2026, 11, 24), open_ore=100000), D(2026, 11, 25), FollowupPolicy(),
        shipped_rates(),
    )  # fmt: skip
    assert early.reason == "1 day past due; the first reminder goes after 14"
    assert i18n.render(early.why, "nb") == "1 dag over forfall; første purring går etter 14"


def test_errors_carry_a_code_and_the_field_at_fault(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    fu = FollowUp(session_factory(engine), clock, FileStore(tmp_path / "files"))
    with pytest.raises(ValidationError) as caught:
        fu.add_rate("interest", D(2027, 2, 1), rate_bp=1200, actor="t")
    assert caught.value.msg is not None
    assert caught.value.msg.code == FollowupError.RATE_HALF_YEAR
    assert caught.value.field == "valid_from"
    assert "halvår" in caught.value.text("nb")
    with pytest.raises(ValidationError) as policy:
        FollowupPolicy(deadline_days=10)
    assert policy.value.field == "deadline_days"
    assert policy.value.text("nb") == "fristen må være minst 14 dager, ikke 10"

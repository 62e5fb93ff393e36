"""The collector paused for a bulk job, nested or side by side, and resumed after."""

from __future__ import annotations

import gc

import pytest

from reskontro.gcpause import collector_paused


def test_paused_while_any_job_runs_then_resumed() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer job still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_resumed_when_the_job_fails() -> None:
    with pytest.raises(ValueError, match="stop"), collector_paused():
        raise ValueError("stop")
    assert gc.isenabled()

"""The official validator, loaded once per test process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.ehf import load_validator

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reskontro.testing.ehf import Validator


@pytest.fixture(scope="session")
def validator() -> Iterator[Validator]:
    try:
        loaded = load_validator()
    except ImportError as error:
        pytest.skip(f"the EHF rules cannot run here: {error}")
    yield loaded
    loaded.close()

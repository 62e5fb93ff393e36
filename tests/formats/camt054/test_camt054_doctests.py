"""The examples in the camt054 docstrings are tests too."""

from __future__ import annotations

import doctest
from typing import TYPE_CHECKING

import pytest

from reskontro.formats.camt054 import keys, objects, values, versions

if TYPE_CHECKING:
    from types import ModuleType


@pytest.mark.parametrize("module", [keys, objects, values, versions], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0

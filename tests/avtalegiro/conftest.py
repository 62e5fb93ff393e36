"""A company with an AvtaleGiro agreement and three customers, on both engines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.storage.db import session_factory
from reskontro.testing.avtalegiro import ACCOUNT, AG, TEMPLATE

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


@pytest.fixture
def ag(engine: Engine, clock: FixedClock, books: Books) -> AG:
    company = books.create_company(
        name="Trekk AS", org_number="123456785", account=ACCOUNT, kid_template=TEMPLATE,
        vat_registered=True,
        actor="t",
    )  # fmt: skip
    for number, name in ((112, "Åse Øvrebø"), (1006, "Per Hansen"), (1020, "Kari Nordmann")):
        books.create_customer(company.id, name=name, number=number, actor="t")
    sessions = session_factory(engine)
    register_agreement(
        sessions, clock, company.id, agreement_id="000012345", data_transmitter="00010200",
        actor="t",
    )  # fmt: skip
    return AG(books, sessions, clock, company.id)

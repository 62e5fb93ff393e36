"""The dashboard's ageing bars name the customers owing most in each bucket (and link
to the overdue list per customer); a bucket too big to name cheaply is left unnamed."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.followup import bucket_names
from reskontro.storage.models import Invoice

if TYPE_CHECKING:
    import pytest
    from tests.web.conftest import Web

TODAY = dt.date(2026, 11, 25)


def _invoice(web: Web, customer: int, due: dt.date, kroner: int) -> None:
    web.books.create_invoice(
        web.company, customer_number=customer, due=due, actor="test",
        lines=[LineDraft("Rådgivning", 1000, kroner * 100, VatCode.EXEMPT)],
    )  # fmt: skip
    with web.sessions() as session:
        draft = session.scalars(select(func.max(Invoice.id))).one()
    web.books.issue_invoice(
        web.company, draft, issue_date=due - dt.timedelta(days=14), actor="test"
    )


def _who(html: str, bucket: str) -> list[tuple[str, str]]:
    row = re.search(rf'href="/followup\?bucket={re.escape(bucket)}".*?</tr>', html, re.DOTALL)
    assert row is not None
    found = re.findall(r'href="/followup\?customer=(\d+)">([^<]+)</a>', row.group(0))
    return [(number, name) for number, name in found]


def test_each_bar_names_its_biggest_customers(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    kari, ola, per, eva = web.customer, web.customer + 1, web.customer + 2, web.customer + 3
    for name in ("Ola", "Per", "Eva"):
        web.books.create_customer(web.company, name=name, actor="test")
    _invoice(web, kari, TODAY - dt.timedelta(days=10), 100)
    _invoice(web, ola, TODAY - dt.timedelta(days=5), 300)
    _invoice(web, per, TODAY - dt.timedelta(days=30), 200)
    _invoice(web, eva, TODAY - dt.timedelta(days=1), 50)  # the fourth: not named
    _invoice(web, eva, TODAY - dt.timedelta(days=45), 70)
    _invoice(web, kari, TODAY + dt.timedelta(days=3), 999)  # not due
    client, _csrf = web.login("read_only")
    html = client.get("/").text
    assert _who(html, "0-30") == [
        (str(ola), "Ola"),
        (str(per), "Per"),
        (str(kari), "Kari Nordmann"),
    ]
    assert _who(html, "31-60") == [(str(eva), "Eva")]
    assert _who(html, "61-90") == []
    assert "300,00\u00a0kr" in html

    monkeypatch.setattr(bucket_names, "MAX_ROWS", 3)  # 0-30 has four invoices now
    html = client.get("/").text
    assert _who(html, "0-30") == []
    assert _who(html, "31-60") == [(str(eva), "Eva")]

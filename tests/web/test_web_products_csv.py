"""The price list page, lines that pick a product, and a bulk run with lines per
customer from an uploaded CSV file (preview, then the run from the same text)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reskontro.domain.vat import VatCode
from reskontro.services.invoicing.catalogue import Catalogue
from reskontro.services.invoicing.recurring import Recurring

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _member(web: Web, name: str) -> int:
    made = web.books.create_customer(web.company, name=name, email="x@x.no", actor="t")
    return made.number


def test_price_list_page(web: Web) -> None:
    reader, csrf = web.login("read_only")
    assert "Ingen produkter ennå." in reader.get("/products").text
    assert (
        reader.post("/products", data={"csrf": csrf, "code": "A", "price": "1"}).status_code == 403
    )
    client, csrf = web.login("invoicing")
    for price, day in (("100", "01.01.2026"), ("120", "01.01.2027")):
        saved = client.post("/products", data={
            "csrf": csrf, "code": "STROM", "description": "Strøm", "price": price, "vat": "0",
            "unit": "mnd", "valid_from": day,
        }, follow_redirects=False)  # fmt: skip
        assert saved.status_code == 303, saved.text
    page = client.get("/products").text
    assert "fra 01.01.2026: 100,00" in page
    assert "fra 01.01.2027: 120,00" in page
    # The clock says 25.11.2026: today's price is the first one.
    assert re.search(r'class="num">100,00', page)
    refused = client.post("/products", data={"csrf": csrf, "code": "NY", "price": "5"})
    assert refused.status_code in {404, 422}


def test_bulk_with_csv_and_a_product(web: Web) -> None:
    Catalogue(web.sessions).set_product(
        web.company, code="STROM", unit_price_ore=10000, valid_from=web.clock.today(),
        description="Strøm", vat_code=VatCode.ZERO,
    )  # fmt: skip
    a, b = _member(web, "Ola"), _member(web, "Kari")
    client, csrf = web.login("admin")
    form = {"csrf": csrf, "who": "file", "efaktura_if_possible": "1",
            "product_0": "STROM", "quantity_0": "2"}  # fmt: skip
    csv = f"kunde;tekst;antall;pris;mva\n{a};Vann;1;50;0\n{b};Vann;3;50;0\n"
    bad = client.post("/invoicing/bulk/preview", data=form,
                      files={"lines_file": ("l.csv", b"kunde;tekst\nabc;x\n", "text/csv")})  # fmt: skip
    assert bad.status_code == 422
    assert "linje 2" in bad.text
    preview = client.post("/invoicing/bulk/preview", data=form,
                          files={"lines_file": ("l.csv", csv.encode(), "text/csv")})  # fmt: skip
    assert preview.status_code == 200, preview.text
    summary = re.search(r"bulk-summary\">([^<]*)", preview.text)
    assert summary is not None
    assert "2 fakturaer, til sammen 600,00" in summary.group(1)  # 2 x 200 + 50 + 150
    carried = re.search(r'<textarea name="lines_csv" hidden>([^<]*)</textarea>', preview.text)
    assert carried is not None
    assert "Vann;3;50" in carried.group(1)
    run_id = re.search(r'name="run_id" value="([^"]+)"', preview.text)
    assert run_id is not None
    done = client.post("/invoicing/bulk/run", data={
        **form, "lines_csv": carried.group(1).replace("&#34;", '"'), "run_id": run_id.group(1),
    })  # fmt: skip
    assert done.status_code == 200, done.text
    assert "2 fakturaer utstedt" in done.text


def test_recurring_line_picks_a_product(web: Web) -> None:
    Catalogue(web.sessions).set_product(
        web.company, code="LEIE", unit_price_ore=50000, valid_from=web.clock.today(),
        description="Leie", vat_code=VatCode.ZERO,
    )  # fmt: skip
    client, csrf = web.login("admin")
    made = client.post("/recurring", data={
        "csrf": csrf, "customer": str(web.customer), "every": "month", "start": "01.12.2026",
        "product_0": "LEIE", "quantity_0": "1", "send": "1",
    })  # fmt: skip
    assert made.status_code == 200, made.text
    (agreement,) = Recurring(web.books).agreements(web.company)
    assert [(x.description, x.product_id is not None) for x in agreement.lines] == [("Leie", True)]

"""eFaktura in the API (sandbox register): look-up, save, person data, overview."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet

from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges

if TYPE_CHECKING:
    from tests.web.conftest import Web


@pytest.fixture(autouse=True)
def sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESKONTRO_EFAKTURA", "sandbox")
    monkeypatch.setenv("RESKONTRO_NATIONAL_ID_KEY", Fernet.generate_key().decode())


def test_look_up_and_save(web: Web) -> None:
    api = web.api("invoicing")
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}/efaktura"
    business = api.put(base + "/person", json={"national_id": "01010012356"})
    assert business.status_code == 422
    assert business.json()["field"] == "national_id"
    customers.update(
        web.sessions, web.clock, web.company, web.customer, CardChanges(kind="person"), actor="t"
    )
    person = api.put(base + "/person", json={"national_id": "01010012356", "mobile": "91234567"})
    assert person.status_code == 200, person.text
    assert person.json()["national_id"] == "010100*****"
    found = api.post(base, json={"save": True}).json()
    assert (found["answer"], found["delivery_method"], found["route"]) == (
        "can_receive", "efaktura", "sandbox",
    )  # fmt: skip
    overview = web.api("read_only").get(f"/api/v1/companies/{web.company}/efaktura").json()
    assert overview["can_receive"] == 1


def test_roles(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}/efaktura"
    assert web.api("read_only").post(base, json={}).status_code == 403
    assert web.api("read_only").put(base + "/person", json={}).status_code == 403
    answer = web.api("invoicing").post(base, json={}).json()
    assert answer["answer"] == "not_found"  # a business is not looked up
    other = f"/api/v1/companies/{web.other_company}/efaktura"
    assert web.api("invoicing").get(other).status_code == 404

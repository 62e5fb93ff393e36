"""The settings operations of the REST API: allowed role, denied role, other company."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.web.conftest import Web

AGREEMENT = {"agreement_id": "000012345", "data_recipient": "00105625", "kid_lengths": [11]}
COMPANY = {"name": "Nytt Navn AS", "org_number": "123456785", "account": "12345678903",
           "address": "Storgata 1, 0155 Oslo", "email": "eier@example.com",
           "payment_terms_days": 10, "vat_registered": True}  # fmt: skip


def _folder(web: Web, name: str = "inn") -> dict[str, Any]:
    folder = Path(web.url.removeprefix("sqlite:///")).parent / f"bank-{name}"
    folder.mkdir(exist_ok=True)
    (folder / "ocr.txt").write_text("x", encoding="utf-8")
    return {"kind": "folder", "name": name, "path": str(folder), "pattern": "*.txt"}


def _call(web: Web, role: str, method: str, path: str, body: Any = None) -> Any:
    return web.api(role).request(method, path, json=body)


#: (method, path under the company, body, the roles that may, a role that may not)
WRITES: list[tuple[str, str, Any, tuple[str, ...], str]] = [
    ("PUT", "", COMPANY, ("admin",), "bank_and_payments"),
    ("POST", "/notifications", {"email": "a@example.com"}, ("admin",), "invoicing"),
    ("POST", "/agreement", AGREEMENT, ("admin", "bank_and_payments"), "invoicing"),
    ("POST", "/channels", None, ("admin", "bank_and_payments"), "read_only"),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed", "denied"), WRITES)
def test_writes_by_role_and_company(
    web: Web, method: str, path: str, body: Any, allowed: tuple[str, ...], denied: str
) -> None:
    body = body if body is not None else _folder(web)
    for role in allowed:
        if path == "/channels":
            body = {**body, "name": f"inn-{role}"}
        url = f"/api/v1/companies/{web.company}{path}"
        ok = _call(web, role, method, url, body)
        assert ok.status_code in {200, 201}, (role, ok.text)
    refused = _call(web, denied, method, f"/api/v1/companies/{web.company}{path}", body)
    assert refused.status_code == 403, refused.text
    theirs = _call(web, "admin", method, f"/api/v1/companies/{web.other_company}{path}", body)
    assert theirs.status_code == 404, theirs.text


@pytest.mark.parametrize(
    "path", ["", "/notifications", "/agreement", "/channels", "/status"]
)  # fmt: skip
def test_reads_for_every_member_only(web: Web, path: str) -> None:
    assert (
        _call(web, "read_only", "GET", f"/api/v1/companies/{web.company}{path}").status_code == 200
    )
    other = _call(web, "read_only", "GET", f"/api/v1/companies/{web.other_company}{path}")
    assert other.status_code == 404


def test_company_details_are_updated_and_audited(web: Web) -> None:
    put = _call(web, "admin", "PUT", f"/api/v1/companies/{web.company}", COMPANY)
    assert put.status_code == 200, put.text
    body = put.json()
    assert (body["name"], body["address"], body["email"], body["payment_terms_days"]) == (
        "Nytt Navn AS", "Storgata 1, 0155 Oslo", "eier@example.com", 10,
    )  # fmt: skip
    audit = _call(web, "admin", "GET", f"/api/v1/companies/{web.company}/audit").json()
    update = next(e for e in audit if e["action"] == "company.update")
    assert '"Testfirma AS"' in update["before"]
    assert '"Nytt Navn AS"' in update["after"]
    assert any(e["action"] == "company.email" for e in audit)
    bad = _call(web, "admin", "PUT", f"/api/v1/companies/{web.company}",
                {**COMPANY, "org_number": "123456789"})  # fmt: skip
    assert bad.status_code == 422
    taken = _call(web, "admin", "PUT", f"/api/v1/companies/{web.company}",
                  {**COMPANY, "org_number": "987654325"})  # fmt: skip
    assert taken.status_code == 409


def test_recipients_add_list_remove(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/notifications"
    added = _call(web, "admin", "POST", base, {"email": "regnskap@example.com", "language": "en",
                                               "overdue_digest": False})  # fmt: skip
    assert added.status_code == 201, added.text
    listed = _call(web, "read_only", "GET", base).json()
    assert [(r["email"], r["language"], r["overdue_digest"]) for r in listed["recipients"]] == [
        ("regnskap@example.com", "en", False)
    ]
    assert _call(web, "invoicing", "DELETE", f"{base}/regnskap@example.com").status_code == 403
    assert _call(web, "admin", "DELETE", f"{base}/regnskap@example.com").status_code == 204
    assert _call(web, "admin", "DELETE", f"{base}/regnskap@example.com").status_code == 404
    other = f"/api/v1/companies/{web.other_company}/notifications/regnskap@example.com"
    assert _call(web, "admin", "DELETE", other).status_code == 404
    bad = _call(web, "admin", "POST", base, {"email": "ikke-en-adresse"})
    assert bad.status_code == 422


def test_agreement_register_verify_end(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/agreement"
    api = "bank_and_payments"
    assert _call(web, "read_only", "GET", base).json() == {"agreement": None}
    misfit = _call(web, api, "POST", base, {**AGREEMENT, "kid_lengths": [13]})
    assert misfit.status_code == 201, misfit.text
    assert misfit.json()["status"] == "registered"
    assert misfit.json()["problems_now"]
    refused = _call(web, api, "POST", f"{base}/verify", {"kid_on": True})
    assert refused.status_code == 422
    assert "does not fit" in refused.json()["message"]
    fits = _call(web, api, "POST", base, {**AGREEMENT, "agreement_id": "000012346"})
    assert fits.json()["status"] == "verified"
    verified = _call(web, api, "POST", f"{base}/verify", {"kid_on": True})
    assert verified.status_code == 200
    assert verified.json()["kid_enabled"] is True
    for role, status in (("invoicing", 403), (api, 200)):
        assert _call(web, role, "POST", f"{base}/end").status_code == status
    assert _call(web, api, "POST", f"{base}/end").status_code == 404  # none in force
    other = f"/api/v1/companies/{web.other_company}/agreement/verify"
    assert _call(web, "admin", "POST", other, {}).status_code == 404
    assert _call(web, "invoicing", "POST", f"{base}/verify", {}).status_code == 403


def test_channels_add_switch_test(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/channels"
    made = _call(web, "bank_and_payments", "POST", base, _folder(web))
    assert made.status_code == 201, made.text
    sftp = _call(web, "admin", "POST", base, {
        "kind": "sftp", "name": "nets", "host": "sftp.bank.example", "username": "acme",
        "key": "env:BANK_KEY", "fingerprint": "SHA256:" + "A" * 43,
    })  # fmt: skip
    assert sftp.status_code == 201, sftp.text
    assert sftp.json()["key_ref"] == "env:BANK_KEY"
    secret = _call(web, "admin", "POST", base, {
        "kind": "sftp", "name": "nets2", "host": "h", "username": "u",
        "password": "hunter2", "fingerprint": "SHA256:" + "A" * 43,
    })  # fmt: skip
    assert secret.status_code == 422  # a secret itself is refused: references only
    listed = _call(web, "read_only", "GET", base).json()
    assert [c["name"] for c in listed] == ["inn", "nets"]
    for action, enabled in (("disable", False), ("enable", True)):
        for role, status in (("invoicing", 403), ("bank_and_payments", 200)):
            response = _call(web, role, "POST", f"{base}/inn/{action}")
            assert response.status_code == status, response.text
        assert response.json()["enabled"] is enabled
    # Connection tests (issue 16): administrators only, "connected" or "could not
    # connect" and nothing more (no listing, no reason).
    assert _call(web, "bank_and_payments", "POST", f"{base}/inn/test").status_code == 403
    tested = _call(web, "admin", "POST", f"{base}/inn/test").json()
    assert tested == {"channel": "inn", "ok": True, "message": "connected"}
    broken = _call(web, "admin", "POST", f"{base}/nets/test").json()
    assert broken == {"channel": "nets", "ok": False, "message": "could not connect"}
    assert _call(web, "read_only", "POST", f"{base}/inn/test").status_code == 403
    other = f"/api/v1/companies/{web.other_company}/channels/inn/disable"
    assert _call(web, "admin", "POST", other).status_code == 404
    assert _call(web, "admin", "POST", f"{base}/nope/disable").status_code == 404


def test_status_shows_channels_jobs_and_outbox(web: Web) -> None:
    _call(web, "admin", "POST", f"/api/v1/companies/{web.company}/channels", _folder(web))
    status = _call(web, "read_only", "GET", f"/api/v1/companies/{web.company}/status").json()
    assert [c["name"] for c in status["channels"]] == ["inn"]
    assert {j["job"] for j in status["jobs"]} >= {"fetch"}
    assert status["email"]["pending"] == 0

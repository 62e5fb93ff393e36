"""A new password ends the user's other sessions and revokes their API tokens, unless
they keep the tokens; in the browser form and on the CLI (issue 16)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.services.users import Users
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from tests.web.conftest import Web

NEW = "et-helt-nytt-passord"


def _change(web: Web, role: str, *, keep_tokens: bool) -> tuple[int, str]:
    client, csrf = web.login(role)
    other, _ = web.login(role)  # the same user in another browser
    api = f"/api/v1/companies/{web.company}/invoices"
    assert web.api(role).get(api).status_code == 200
    form = {"csrf": csrf, "current": "hemmelig-passord", "new": NEW, "repeat": NEW}
    if keep_tokens:
        form["keep_tokens"] = "on"
    response = client.post("/settings/password", data=form)
    assert response.status_code == 200, response.text
    assert 'id="password-changed"' in response.text
    # This browser stays logged in; the other one is logged out.
    assert client.get("/invoices").status_code == 200
    assert other.get("/invoices", follow_redirects=False).status_code == 303
    return web.api(role).get(api).status_code, response.text


def test_a_password_change_revokes_tokens_and_ends_other_sessions(web: Web) -> None:
    status, page = _change(web, "invoicing", keep_tokens=False)
    assert status == 401
    assert "API-tokens trukket tilbake: 1" in page
    assert "Andre økter avsluttet: 1" in page


def test_the_user_may_keep_their_tokens(web: Web) -> None:
    status, page = _change(web, "read_only", keep_tokens=True)
    assert status == 200
    assert "API-tokens trukket tilbake: 0" in page


def test_the_current_password_is_checked(web: Web) -> None:
    client, csrf = web.login("invoicing")
    wrong = {"csrf": csrf, "current": "feil-passord", "new": NEW, "repeat": NEW}
    response = client.post("/settings/password", data=wrong)
    assert response.status_code == 422
    assert "nåværende passord er feil" in response.text
    differ = {"csrf": csrf, "current": "hemmelig-passord", "new": NEW, "repeat": NEW + "x"}
    assert client.post("/settings/password", data=differ).status_code == 422
    assert client.get("/settings/password").status_code == 200
    assert web.api("invoicing").get(f"/api/v1/companies/{web.company}").status_code == 200


def test_cli_reset_revokes_tokens_unless_kept(
    web: Web, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    del tmp_path
    api = f"/api/v1/companies/{web.company}"
    kept = run(capsys, "user", "password", "admin", "--password", NEW, "--keep-tokens",
               "--db", web.url)  # fmt: skip
    assert kept.code == 0, kept.err
    assert "API tokens revoked: 0" in kept.out
    assert web.api("admin").get(api).status_code == 200
    reset = run(capsys, "user", "password", "admin", "--password", NEW, "--db", web.url)
    assert reset.code == 0, reset.err
    assert "API tokens revoked: 1" in reset.out
    assert web.api("admin").get(api).status_code == 401
    # And the service says what it did.
    assert Users(web.sessions, web.clock).set_password("admin", NEW, actor="t").tokens_revoked == 0

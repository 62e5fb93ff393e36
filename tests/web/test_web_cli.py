"""``reskontro user ...`` and the demo login that ``reskontro serve`` creates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.cli.common import Context
from reskontro.cli.web_cmds import DEMO_PASSWORD, DEMO_USER, ensure_demo
from reskontro.clock import SystemClock
from reskontro.jsonable import to_jsonable
from reskontro.services.users import Users
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from tests.web.conftest import Web


def test_demo_login_and_user_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ctx = Context(db)
    assert ensure_demo(ctx) == (DEMO_USER, DEMO_PASSWORD)
    assert ensure_demo(ctx) is None  # only on first start
    users = Users(ctx.sessions, SystemClock())
    secret, principal = users.login(DEMO_USER, DEMO_PASSWORD)
    assert secret
    assert principal.roles == {1: "admin"}

    made = run(capsys, "user", "create", "kari", "--password", "langt-passord", "--company",
               "1", "--role", "invoicing", "--db", db)  # fmt: skip
    assert made.code == 0, made.err
    assert to_jsonable(users.members(1)[1]) == {
        "username": "kari", "name": "kari", "role": "invoicing", "active": True
    }  # fmt: skip
    bad = run(capsys, "user", "grant", "kari", "--company", "1", "--role", "boss", "--db", db)
    assert bad.code == 1
    assert "the role must be one of" in bad.err  # the CLI is in English
    changed = run(capsys, "user", "password", "kari", "--password", "nytt-passord", "--db", db)
    assert changed.code == 0
    assert users.login("kari", "nytt-passord")[1].roles == {1: "invoicing"}


def test_token_commands_create_list_and_revoke(
    web: Web, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reskontro token create/list/revoke`` (issue 18): a token made on the command
    line opens the API with the user's roles, and stops working once revoked."""
    made = run(capsys, "token", "create", "admin", "--name", "regnskap", "--json", "--db", web.url)
    assert made.code == 0, made.err
    secret = made.json["token"]
    assert secret.startswith("rsk_")
    assert made.json["user"] == "admin"
    api = web.client()
    api.headers["Authorization"] = f"Bearer {secret}"
    assert api.get("/api/v1/companies").status_code == 200

    listed = run(capsys, "token", "list", "admin", "--json", "--db", web.url)
    assert listed.code == 0, listed.err
    mine = [t for t in listed.json if t["id"] == made.json["id"]]
    assert mine == [mine[0] | {"name": "regnskap", "username": "admin", "revoked": False}]
    assert secret not in listed.out
    everyone = run(capsys, "token", "list", "--json", "--db", web.url).json
    assert {t["username"] for t in everyone} >= {"admin", "invoicing", "outsider"}

    revoked = run(capsys, "token", "revoke", str(made.json["id"]), "--db", web.url)
    assert revoked.code == 0, revoked.err
    assert api.get("/api/v1/companies").status_code == 401
    again = run(capsys, "token", "list", "admin", "--json", "--db", web.url).json
    assert [t["revoked"] for t in again if t["id"] == made.json["id"]] == [True]

    assert run(capsys, "token", "create", "nobody", "--db", web.url).code == 1
    assert run(capsys, "token", "revoke", "999999", "--db", web.url).code == 1

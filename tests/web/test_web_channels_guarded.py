"""Folder channels only under $RESKONTRO_FOLDER_ROOT; connection tests for
administrators only, a few a minute, answering only connected / could not connect."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from reskontro.channels import ChannelError
from reskontro.channels.folder import FolderMailbox
from reskontro.web.connection import MAX_TESTS

if TYPE_CHECKING:
    from pathlib import Path

    from tests.web.conftest import Web


def _folder(name: str, path: str) -> dict[str, str]:
    return {"kind": "folder", "name": name, "path": path}


def test_folder_channels_need_the_root(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    base = f"/api/v1/companies/{web.company}/channels"
    api = web.api("admin")
    monkeypatch.delenv("RESKONTRO_FOLDER_ROOT")
    refused = api.post(base, json=_folder("etc", "/etc"))
    assert refused.status_code == 422
    assert refused.json()["code"] == "channel.folder_root_not_set"
    assert "RESKONTRO_FOLDER_ROOT" in refused.json()["message"]
    with pytest.raises(ChannelError, match="RESKONTRO_FOLDER_ROOT"), FolderMailbox("/etc"):
        pass


def test_no_folder_outside_the_root(
    web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "bank"
    (root / "inn").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (root / "link").symlink_to(tmp_path / "secret")
    monkeypatch.setenv("RESKONTRO_FOLDER_ROOT", str(root))
    base = f"/api/v1/companies/{web.company}/channels"
    api = web.api("admin")
    for path in ("/etc", str(root / ".." / "secret"), str(root / "link")):
        refused = api.post(base, json=_folder("x", path))
        assert refused.status_code == 422, path
        assert refused.json()["code"] == "channel.folder_outside_root"
        assert refused.json()["field"] == "path"
    client, csrf = web.login("admin")
    page = client.post("/settings/bank/channels",
                       data={"csrf": csrf, **_folder("etc", "/etc")})  # fmt: skip
    assert page.status_code == 422
    assert "RESKONTRO_FOLDER_ROOT" in page.text
    assert api.post(base, json=_folder("inn", str(root / "inn"))).status_code == 201
    # A channel stored before the root was narrowed is refused when it is opened.
    monkeypatch.setenv("RESKONTRO_FOLDER_ROOT", str(tmp_path / "elsewhere"))
    with pytest.raises(ChannelError, match="not under"), FolderMailbox(root / "inn"):
        pass


def test_connection_tests_are_for_admins_and_rate_limited(web: Web, tmp_path: Path) -> None:
    (tmp_path / "inn").mkdir()
    (tmp_path / "inn" / "hemmelig.txt").write_text("x", encoding="utf-8")
    base = f"/api/v1/companies/{web.company}/channels"
    admin = web.api("admin")
    assert admin.post(base, json=_folder("inn", str(tmp_path / "inn"))).status_code == 201
    assert web.api("bank_and_payments").post(f"{base}/inn/test").status_code == 403
    answers = [admin.post(f"{base}/inn/test") for _ in range(MAX_TESTS + 1)]
    assert [a.status_code for a in answers] == [200] * MAX_TESTS + [429]
    assert answers[0].json() == {"channel": "inn", "ok": True, "message": "connected"}
    assert "hemmelig" not in answers[0].text
    assert answers[-1].json()["code"] == "web.too_many_connection_tests"
    web.clock.at += dt.timedelta(minutes=1, seconds=1)
    assert admin.post(f"{base}/inn/test").status_code == 200
    # Whatever went wrong, the answer is the same two words.
    (tmp_path / "inn").rename(tmp_path / "gone")
    failed = admin.post(f"{base}/inn/test").json()
    assert failed == {"channel": "inn", "ok": False, "message": "could not connect"}

"""An SFTP channel's settings refused on the bank settings page read in bokmål: a host
key fingerprint in the wrong form, a secret given as itself, a folder outside the
operator's root (issue 10: no English service text on a bokmål page)."""

from __future__ import annotations

import html
import importlib
import re
import string
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _english_fragments(*catalogues: str) -> set[str]:
    """The fixed parts of these catalogue modules' English texts long enough to give
    away an English sentence (as in test_web_i18n.py)."""
    pairs = [
        pair
        for name in catalogues
        for pair in importlib.import_module(f"reskontro.i18n.{name}").TEXTS.values()
    ]
    found = set()
    for english, _ in pairs:
        for literal, *_ in string.Formatter().parse(english):
            for piece in re.split(r"[;:()'\"]", literal):
                if len(piece.strip()) >= 12:
                    found.add(piece.strip())
    return {f for f in found if not any(f in nb for _, nb in pairs)}


def _visible(page: str) -> str:
    body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", page, flags=re.DOTALL)
    body = re.sub(r"<(input|option)[^>]*>", " ", body)  # what the user typed is data
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def test_sftp_settings_refused_in_bokmal(web: Web) -> None:
    client, csrf = web.login("admin")
    fragments = _english_fragments("channels", "automation")
    form = {"csrf": csrf, "kind": "sftp", "name": "nets", "host": "sftp.nets.no",
            "username": "kunde", "port": "22", "password": "env:NETS_PW"}  # fmt: skip

    def refused(**changed: str) -> str:
        page = _visible(client.post("/settings/bank/channels", data={**form, **changed}).text)
        leaked = sorted(f for f in fragments if f in page)
        assert leaked == [], leaked
        return page

    assert "ikke et fingeravtrykk for en vertsnøkkel: 'SHA256:kort'" in refused(
        fingerprint="SHA256:kort"
    )
    assert "ikke et MD5-fingeravtrykk for en vertsnøkkel: 'MD5:zz:zz'" in refused(
        fingerprint="MD5:zz:zz"
    )
    secret = refused(fingerprint="SHA256:" + "A" * 43, password="hunter2")
    assert "selve hemmeligheten lagres aldri" in secret or "env:VARIABEL" in secret
    folder = refused(kind="folder", name="inn", path="/etc")
    assert "ligger ikke under" in folder or "mappekanaler er slått av" in folder

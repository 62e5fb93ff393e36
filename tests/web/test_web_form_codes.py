"""The web layer's own refusals are codes (issue 10, "codes, not sentences"): rendered in
the reader's language on pages, in English with the code and the field in the API."""

from __future__ import annotations

from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_a_channel_of_no_kind_is_refused_in_the_readers_language(web: Web) -> None:
    client, csrf = web.login("admin")
    form = {"csrf": csrf, "kind": "ftp", "name": "x"}
    bokmal = client.post("/settings/bank/channels", data=form).text
    assert "velg SFTP eller mappe" in bokmal
    client.cookies.set("reskontro_lang", "en")
    english = client.post("/settings/bank/channels", data=form).text
    assert "choose SFTP or folder" in english
    assert "velg SFTP" not in english
    # Beside the field, back on the form's page.
    back = client.post(
        "/settings/bank/channels", data={**form, "_form": "channel"},
        headers={"referer": "http://testserver/settings/bank"},
    )  # fmt: skip
    assert "choose SFTP or folder" in back.text
    # An action that does not exist is a page that does not exist.
    assert client.post("/settings/bank/channels/x/explode", data={"csrf": csrf}).status_code == 404


def test_a_quantity_that_is_no_number_is_named_in_either_language(web: Web) -> None:
    client, csrf = web.login("invoicing")
    form = {
        "csrf": csrf, "customer": str(web.customer), "description_0": "Kurs",
        "quantity_0": "mange", "price_0": "100", "vat_0": "exempt",
    }  # fmt: skip
    assert "antall: 'mange' er ikke et tall" in unescape(client.post("/invoices", data=form).text)
    client.cookies.set("reskontro_lang", "en")
    assert "quantity: 'mange' is not a number" in unescape(client.post("/invoices", data=form).text)


def test_the_api_names_the_code_and_the_field(web: Web) -> None:
    answer = web.api("admin").post(
        f"/api/v1/companies/{web.company}/channels", json={"kind": "folder", "name": "inn"}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert (body["code"], body["field"]) == ("web.folder_needs_path", "path")
    assert body["message"] == "a folder channel needs a path"

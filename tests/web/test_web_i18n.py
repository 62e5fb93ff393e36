"""English and bokmål: the catalogue is complete, every page renders in English, switching."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.web import i18n
from reskontro.web.render import TEMPLATES

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from tests.web.conftest import Web

WEB = Path(i18n.__file__).parent
MSGID = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
#: What may stand in a template outside ``_()``: names, codes and signs, the same in
#: both languages.
NEUTRAL = {"reskontro", "KID", "MOD", "MOD10", "MOD11", "kr", "API", "api/v1/docs"}
#: Words that give away a bokmål page; none may appear on an English one.
NORWEGIAN = re.compile(
    r"\b(og|ikke|eller|Fakturaer|Kunder|Innstillinger|Oversikt|Lagre|Logg|Beløp|Ingen|"
    r"Forfalt|Innbetalinger|Bilagsmottak|Firma|Navn|Brukere|Avtale|Kanal|dager|Utkast|"
    r"Administrator-|Fakturering|lesetilgang|avvist|venter|aldri)\b"
)


def _template_ids() -> dict[str, str]:
    found = {}
    for path in TEMPLATES.glob("*.html"):
        for m in MSGID.finditer(path.read_text(encoding="utf-8")):
            found[m.group(1) if m.group(1) is not None else m.group(2)] = path.name
    return found


def _python_ids() -> set[str]:
    """Messages the web layer raises or shows: string constants that are catalogue-shaped."""
    ids: set[str] = set()
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and any(
                            isinstance(t, ast.Name) and t.id == "default_message"
                            for t in item.targets
                        )
                        and isinstance(item.value, ast.Constant)
                    ):
                        ids.add(str(item.value.value))
    return ids


def test_every_message_id_has_english() -> None:
    missing = {k: v for k, v in _template_ids().items() if k not in i18n.EN}
    assert not missing, f"add these to reskontro.web.i18n.EN: {missing}"
    dynamic = [k for k in i18n.dynamic_ids() if k not in i18n.EN]
    assert not dynamic, dynamic
    raised = [k for k in _python_ids() if k not in i18n.EN]
    assert not raised, raised
    # the same parameters on both sides
    for nb, en in i18n.EN.items():
        assert sorted(re.findall(r"%\((\w+)\)s", nb)) == sorted(re.findall(r"%\((\w+)\)s", en)), nb


def test_templates_have_no_text_outside_the_catalogue() -> None:
    problems: list[tuple[str, str]] = []
    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        stripped = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.DOTALL)
        stripped = re.sub(r"<(script|style|code)\b.*?</\1>", " ", stripped, flags=re.DOTALL)
        attrs = re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', stripped)
        problems.extend(
            (path.name, attr)
            for attr in attrs
            if re.search(r"[A-Za-zÆØÅæøå]{3,}", attr)
            and not attr.startswith(("file:", "env:", "SHA256:"))
        )
        body = re.sub(r"<[^>]*>", " ", stripped)
        for word in html.unescape(body).split():
            token = word.strip(".,:;()[]–—·/-…→«»\"'")
            if token and re.search(r"[A-Za-zÆØÅæøå]", token) and token not in NEUTRAL:
                problems.append((path.name, word))
    assert not problems, problems


PAGES = ("/", "/invoices", "/invoices/new", "/customers", "/payments", "/inbox", "/settings",
         "/settings/bank", "/status", "/audit", "/nothing-here", "/followup",
         "/followup/reminders", "/followup/notices", "/followup/demands", "/followup/interest",
         "/followup/handoff",
         "/followup/holds", "/inbox?show=all")  # fmt: skip


def _visible(page: str) -> str:
    body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", page, flags=re.DOTALL)
    body = re.sub(r"<option[^>]*>[^<]*</option>", " ", body)  # customer names etc. are data
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def _english(client: TestClient) -> None:
    client.cookies.set(i18n.COOKIE, "en")


def test_every_page_in_english(web: Web) -> None:
    client, _ = web.login("admin")
    _english(client)
    paths = [*PAGES, f"/customers/{web.customer}"]
    for path in paths:
        page = client.get(path)
        assert page.status_code in {200, 404}, (path, page.text[:300])
        assert 'lang="en"' in page.text
        visible = _visible(page.text)
        for data in ("Testfirma AS", "Kari Nordmann", "Bruker admin"):
            visible = visible.replace(data, "")
        found = NORWEGIAN.findall(visible)
        assert not found, (path, found)
    assert "Invoices" in client.get("/invoices").text
    assert "The page does not exist" in client.get("/nothing-here").text


def test_login_page_language_links_and_accept_language(web: Web) -> None:
    client = web.client()
    assert "Logg inn" in client.get("/login").text
    browser = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Log in to reskontro" in browser.text
    chosen = client.get("/login?lang=en", follow_redirects=False)
    assert chosen.status_code == 303
    assert f"{i18n.COOKIE}=en" in chosen.headers["set-cookie"]
    page = client.get("/login")
    assert 'lang="en"' in page.text
    assert "User name" in page.text
    # the choice wins over the browser's wish
    client.get("/login?lang=nb")
    assert "Brukernavn" in client.get("/login", headers={"Accept-Language": "en"}).text
    client.get("/login?lang=xx")  # unknown: ignored
    assert "Brukernavn" in client.get("/login").text


def test_switching_language_is_remembered_for_the_user(web: Web) -> None:
    client, csrf = web.login("invoicing")
    assert "Fakturaer" in client.get("/invoices").text
    switched = client.post(
        "/settings/language", data={"csrf": csrf, "lang": "en", "next": "/invoices"},
        follow_redirects=False,
    )  # fmt: skip
    assert switched.status_code == 303
    assert switched.headers["location"] == "/invoices"
    assert "Invoices" in client.get("/invoices").text
    assert "(Invoicing)" in client.get("/").text
    # A new browser: the user's choice comes back at login.
    fresh, _ = web.login("invoicing")
    assert 'lang="en"' in fresh.get("/").text
    # Off-site "next" is not followed; unknown languages are refused.
    away = client.post("/settings/language", data={"csrf": csrf, "lang": "nb",
                                                   "next": "//evil.example"},
                       follow_redirects=False)  # fmt: skip
    assert away.headers["location"] == "/"
    assert client.post("/settings/language", data={"csrf": csrf, "lang": "xx"}).status_code == 422
    assert client.post("/settings/language", data={"lang": "en"}).status_code == 403


def test_errors_are_shown_in_the_language(web: Web) -> None:
    client, csrf = web.login("read_only")
    refused = client.post("/customers", data={"csrf": csrf, "name": "X"})
    assert refused.status_code == 403
    assert "rollen Kun lesetilgang har ikke tilgang til dette" in refused.text
    _english(client)
    refused = client.post("/customers", data={"csrf": csrf, "name": "X"})
    assert "the role Read only does not have access to this" in refused.text
    assert "No access" in refused.text
    missing = client.get("/customers/99999")
    assert "no customer with number 99999" in missing.text
    client.cookies.set(i18n.COOKIE, "nb")
    assert "ingen kunde med nummer 99999" in client.get("/customers/99999").text

    login = web.client()
    login.cookies.set(i18n.COOKIE, "en")
    page = login.get("/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    wrong = login.post("/login", data={"username": "admin", "password": "x", "csrf": token})
    assert "wrong user name or password" in wrong.text


def test_error_text() -> None:
    """Errors carry codes, rendered in the reader's language; no pattern translates an
    English or bokmål sentence (the patterns are gone)."""
    from reskontro.domain.company import validate_org_number
    from reskontro.errors import InvalidNumber, ValidationError
    from reskontro.messages import Message
    from reskontro.web.codes import WebCode

    not_whole = ValidationError(Message.of(WebCode.NOT_AN_INTEGER, label="kunde", value="x"))
    assert i18n.exception_text(not_whole, "en") == "customer: 'x' is not a whole number"
    assert i18n.exception_text(not_whole, "nb") == "kunde: 'x' er ikke et heltall"
    with pytest.raises(InvalidNumber) as bad:
        validate_org_number("1")
    assert i18n.exception_text(bad.value, "nb") == (
        "organisasjonsnummeret «1» er ikke gyldig: nummeret har feil lengde"
    )
    assert str(bad.value) == (
        "organisation number '1' is not valid: The number has an invalid length."
    )
    assert not hasattr(i18n, "ERROR_PATTERNS")
    assert i18n.error_text("something new", "nb") == "something new"
    assert i18n.pick("en", None) == "en"
    assert i18n.pick(None, "nb-NO,nb;q=0.9,en;q=0.8") == "nb"
    assert i18n.pick(None, "en;q=0.2,sv;q=0.9") == "en"
    assert i18n.pick(None, "en;q=bad") == "nb"


def test_every_matching_reason_reads_in_bokmal() -> None:
    """Each way matching can describe a payment has a bokmål text, amounts in kroner,
    and the English text the CLI has always printed."""
    from reskontro.domain.matching import Detail, MatchResult, Outcome, reason_of
    from reskontro.i18n import render
    from reskontro.messages import Messages

    for detail in Detail:
        message = reason_of(
            MatchResult(Outcome.MATCHED, detail, 12345, "10000000017", 7, 42, 3, 12000, 45)
        )
        assert render(message, "nb") != render(message, "en"), detail
    surplus = reason_of(
        MatchResult(Outcome.OVERPAID, Detail.SURPLUS, 12345, "10000000017", 7, 42, 3, 12000)
    )
    assert i18n.reasons_text(Messages((surplus,)), "nb") == (
        "KID 10000000017: betaler faktura 42 og 3,45\u00a0kr mer, som står til kundens gode"
    )
    assert render(surplus, "en") == (
        "KID 10000000017: pays invoice 42 and 345 øre more, kept as the customer's credit"
    )


def _english_fragments(*catalogues: str) -> set[str]:
    """The fixed parts of every English text of the catalogue modules named (payments
    by default: reasons and errors) long enough to give away an English sentence on a
    bokmål page."""
    import importlib
    import string

    pairs = [
        pair
        for name in catalogues or ("payments",)
        for pair in importlib.import_module(f"reskontro.i18n.{name}").TEXTS.values()
    ]
    found = set()
    for english, _ in pairs:
        for literal, *_ in string.Formatter().parse(english):
            for piece in re.split(r"[;:()'\"]", literal):
                if len(piece.strip()) >= 12:
                    found.add(piece.strip())
    # Names that are the same in both languages ("Betaling med ukjent KID").
    return {f for f in found if not any(f in nb for _, nb in pairs)}


def test_bokmal_pages_show_no_english_payment_text(web: Web) -> None:
    """Reasons stored by matching, by each unknown-KID policy and by hand, and the
    errors of the inbox and of matching by hand, all read in bokmål."""
    from reskontro.testing.ocr import Pay, ocr_file

    client, csrf = web.login("admin")
    fragments = _english_fragments()

    def bokmal(page: str) -> str:
        visible = _visible(page)
        leaked = sorted(f for f in fragments if f in visible)
        assert leaked == [], leaked
        return visible

    invoice = web.books.issue_invoice(
        web.company,
        web.books.create_invoice(
            web.company, customer_number=web.customer, actor="test",
            lines=[LineDraft("Vare", 1000, 10000, VatCode.ZERO)],
        ).id,
        actor="test",
    )  # fmt: skip
    first = ocr_file(
        [Pay(4000, invoice.kid), Pay(777, "12345678902"), Pay(500, None, "?")],
        transmission_number="1000001",
    )
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("a.txt", first)})
    client.post("/settings/policy", data={"csrf": csrf, "policy": "post", "tolerance": "0"})
    second = ocr_file(
        [Pay(6000, None, f"faktura {invoice.number}"), Pay(999, None, "ingenting")],
        transmission_number="1000002",
    )
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("b.txt", second)})
    inbox = bokmal(client.get("/inbox").text)
    assert "hører ikke til noen faktura; venter i bilagsmottaket" in inbox
    assert "bokført på «Betaling med ukjent KID»" in inbox
    with web.sessions() as session:
        files = session.execute(text("SELECT id FROM bank_file")).scalars().all()
    for file in files:
        page = bokmal(client.get(f"/payments/files/{file}").text)
        assert "betaler 40,00\u00a0kr av faktura" in page or "fritekst nevner" in page
    waiting = web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json()
    not_moved = client.post(
        f"/inbox/{waiting[0]['id']}/move", data={"csrf": csrf, "customer": str(web.customer)}
    )
    assert "står ikke på «Betaling med ukjent KID»" in bokmal(not_moved.text)
    wrong = client.post(
        f"/inbox/{waiting[0]['id']}/post", data={"csrf": csrf, "invoice_number": "987654"}
    )
    assert "ingen faktura med nummer 987654" in bokmal(wrong.text)
    client.post(
        f"/inbox/{waiting[0]['id']}/post", data={"csrf": csrf, "customer": str(web.customer)}
    )
    again = client.post(
        f"/inbox/{waiting[0]['id']}/post", data={"csrf": csrf, "customer": str(web.customer)}
    )
    assert "er allerede bokført" in bokmal(again.text)
    uneven = client.post(
        f"/customers/{web.customer}/match",
        data={"csrf": csrf, f"use_payment_{waiting[0]['id']}": "1,00",
              f"use_invoice_{invoice.id}": "2,00"},
    )  # fmt: skip
    assert "beløpene går ikke opp" in bokmal(uneven.text)
    assert "bokført manuelt på kunde" in bokmal(
        client.get(f"/payments/files/{waiting[0]['bank_file_id']}").text
    )


def test_bokmal_pages_show_service_errors_in_bokmal(web: Web) -> None:
    """Errors of the services and the domain (codes) read in bokmål on bokmål pages:
    the company form, the KID settings, a draft's rules, a look-up."""
    client, csrf = web.login("admin")
    fragments = _english_fragments("invoicing", "lookup", "web")

    def bokmal(page: str) -> str:
        visible = _visible(page)
        leaked = sorted(f for f in fragments if f in visible)
        assert leaked == [], leaked
        return visible

    company = client.post("/settings/company", data={
        "csrf": csrf, "name": " ", "org_number": "123", "account": "1234",
        "payment_terms_days": "400",
    })  # fmt: skip
    assert company.status_code == 422
    page = bokmal(company.text)
    assert "firmaet må ha et navn" in page
    assert "organisasjonsnummeret «123» er ikke gyldig: nummeret har feil lengde" in page
    assert "betalingsfristen er 0 til 365 dager, ikke 400" in page
    kid = client.post(
        "/settings/kid", data={"csrf": csrf, "template": "{CustomerNo:2}{InvoiceNo:5}"}
    )
    assert "er allerede i bruk og får ikke plass i 2 siffer" in bokmal(kid.text)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="test",
        lines=[LineDraft("Vare", 1000, 10000, VatCode.ZERO)],
    )  # fmt: skip
    issued = web.books.issue_invoice(web.company, draft.id, actor="test")
    kept = client.post(f"/invoices/{issued.id}/delete", data={"csrf": csrf})
    assert f"faktura {issued.number} er utstedt og kan aldri slettes" in bokmal(kept.text)
    missing = client.get("/invoices/99999")
    assert "fant ikke faktura 99999" in bokmal(missing.text)
    refused = client.get("/invoices", params={"status": "lost"})
    assert "status må være en av" in bokmal(refused.text)

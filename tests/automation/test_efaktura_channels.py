"""The eFaktura routes against servers on loopback: MPS' web services (a WSDL written
from the documentation, served by http.server) and the SFTP mailbox."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from reskontro.channels.efaktura import (
    Consignment,
    EfakturaInvoice,
    EfakturaUnavailable,
    PersonQuery,
)
from reskontro.channels.efaktura import mapping as m
from reskontro.channels.efaktura.files import FileRoute
from reskontro.channels.efaktura.sandbox import DEMO_PERSONS, SandboxRegister
from reskontro.channels.efaktura.settings import route_from_env
from reskontro.channels.efaktura.soap import SoapRoute, SoapSettings
from reskontro.channels.sftp import SftpMailbox, SftpSettings
from reskontro.domain.efaktura import ConsignmentState
from reskontro.errors import ValidationError
from reskontro.testing.efaktura import LoopbackMps, RunningMps, serve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.automation.conftest import SftpServer

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EHF = (
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
    f' xmlns:cac="{CAC}" xmlns:cbc="{CBC}"><cbc:ID>1001</cbc:ID>'
    "<cac:AccountingSupplierParty/><cac:AccountingCustomerParty/></Invoice>"
).encode()


def _invoice(number: str, identifier: str) -> EfakturaInvoice:
    return EfakturaInvoice(
        number, identifier, 12500, dt.date(2027, 3, 1), dt.date(2027, 3, 15), "12345678903",
        "86011117947", "Kari Nordmann", EHF,
    )  # fmt: skip


@pytest.fixture
def mps() -> Iterator[RunningMps]:
    state = LoopbackMps()
    state.add_person("EF-KARI", national_id="01010012356")
    state.add_person("EF-OLA", mobile="92345678", email="ola@example.no")
    state.add_person("EF-PER", national_id="29029600013")
    state.blocked.add("EF-PER")
    state.rejecting.add("EF-OLA")
    yield from serve(state)


def _route(mps: RunningMps) -> SoapRoute:
    return SoapRoute(SoapSettings(wsdl=mps.wsdl, issuer=mps.state.issuer, timeout=5))


def test_look_up_by_national_id_and_by_contact(mps: RunningMps) -> None:
    answers = _route(mps).look_up(
        [
            PersonQuery("1", national_id="01010012356"),
            PersonQuery("2", mobile="92345678", email="OLA@example.no"),
            PersonQuery("3", national_id="29029600013"),
            PersonQuery("4", mobile="92345678"),
        ]
    )
    assert [(a.ref, a.identifier, a.blocked) for a in answers] == [
        ("1", "EF-KARI", False),
        ("2", "EF-OLA", False),
        ("3", "EF-PER", True),
        ("4", None, False),
    ]
    assert mps.state.looked_up() == 4
    assert _route(mps).look_up([]) == []


def test_blocked_list(mps: RunningMps) -> None:
    assert _route(mps).blocked() == frozenset({"EF-PER"})


def test_submit_and_poll(mps: RunningMps) -> None:
    route = _route(mps)
    sent = route.submit(
        Consignment(
            "C-1", mps.state.issuer, (_invoice("1001", "EF-KARI"), _invoice("1002", "EF-OLA"))
        )
    )
    assert sent.state is ConsignmentState.RECEIVED
    status = route.status("C-1")
    assert status.state is ConsignmentState.PROCESSED
    assert [(o.invoice_number, o.accepted, o.error_code) for o in status.invoices] == [
        ("1001", True, None),
        ("1002", False, "5003"),
    ]
    assert route.invoice_status("1002") == "REJECTED"
    assert route.status("C-unknown").state is ConsignmentState.REJECTED


def test_endpoint_setting_overrides_the_wsdl_address(mps: RunningMps) -> None:
    route = SoapRoute(
        SoapSettings(wsdl=mps.wsdl, issuer="X", endpoint=mps.url, username="u", password="p")
    )
    assert route.look_up([PersonQuery("1", national_id="01010012356")])[0].identifier == "EF-KARI"


def test_register_down_is_unavailable(mps: RunningMps) -> None:
    route = _route(mps)
    route.blocked()  # the WSDL is loaded
    mps.state.down = True
    with pytest.raises(EfakturaUnavailable):
        route.look_up([PersonQuery("1", national_id="01010012356")])


def test_no_server_is_unavailable() -> None:
    with RunningMps(LoopbackMps()) as gone:
        wsdl = gone.wsdl
    route = SoapRoute(SoapSettings(wsdl=wsdl, issuer="X", timeout=2))
    with pytest.raises(EfakturaUnavailable):
        route.blocked()


def test_mapping_reads_odd_answers() -> None:
    assert m.state_of(None) is ConsignmentState.PROCESSING
    assert m.state_of("avvist") is ConsignmentState.REJECTED
    assert m.look_up_answers(None) == []
    assert m.blocked_identifiers({"efakturaIdentifier": "A"}) == frozenset({"A"})
    assert m.consignment_status("C", None).consignment_id == "C"
    assert m.file_name("C1", "2027/1") == "C1-2027_1.xml"


def test_tag_ehf_puts_the_address_before_the_seller() -> None:
    root = etree.fromstring(m.tag_ehf(EHF, "EF-KARI"))
    names = [etree.QName(child).localname for child in root]
    assert names == [
        "ID",
        "AdditionalDocumentReference",
        "AccountingSupplierParty",
        "AccountingCustomerParty",
    ]
    assert root.findtext(f"{{{CAC}}}AdditionalDocumentReference/{{{CBC}}}ID") == "EF-KARI"
    bare = etree.fromstring(m.tag_ehf(b"<Invoice/>", "X"))
    assert len(bare) == 1


# -- the file route ---------------------------------------------------------------


def _mailbox(sftp_server: SftpServer, folder: str) -> SftpMailbox:
    return SftpMailbox(
        SftpSettings(
            host="127.0.0.1", port=sftp_server.port, username="reskontro",
            fingerprints=(sftp_server.fingerprint,), folder=folder,
            private_key=sftp_server.client_key_path.read_text(), timeout=10,
        )
    )  # fmt: skip


def test_file_route_uploads_ehf_and_reads_receipts(sftp_server: SftpServer) -> None:
    folder, local = sftp_server.new_folder()
    route = FileRoute(lambda: _mailbox(sftp_server, folder), register=SandboxRegister())
    sent = route.submit(
        Consignment("C7", "X", (_invoice("1001", "EF-KARI"), _invoice("1002", "EF-OLA")))
    )
    assert sent.state is ConsignmentState.RECEIVED
    assert sorted(p.name for p in local.iterdir()) == ["C7-1001.xml", "C7-1002.xml"]
    tagged = etree.fromstring((local / "C7-1001.xml").read_bytes())
    assert tagged.findtext(f"{{{CAC}}}AdditionalDocumentReference/{{{CBC}}}ID") == "EF-KARI"
    assert route.status("C7").state is ConsignmentState.PROCESSING
    (local / "C7-1001.xml.ok").write_text("")
    assert route.status("C7").state is ConsignmentState.PROCESSING
    (local / "C7-1002.xml.err").write_text("5003 no eFaktura recipient\n")
    status = route.status("C7")
    assert status.state is ConsignmentState.PROCESSED
    assert [(o.invoice_number, o.accepted, o.error_text) for o in status.invoices] == [
        ("1001", True, None),
        ("1002", False, "5003 no eFaktura recipient"),
    ]
    (local / "C7-1001.xml.ok").unlink()
    (local / "C7-1001.xml.err").write_text("x")
    assert route.status("C7").state is ConsignmentState.REJECTED
    # look-ups go through the register beside it
    assert route.look_up([PersonQuery("1", national_id="01010012356")])[0].identifier
    assert route.blocked() == SandboxRegister().blocked()


def test_file_route_mailbox_refused(sftp_server: SftpServer) -> None:
    route = FileRoute(lambda: _mailbox(sftp_server, "/no-such-folder"))
    with pytest.raises(EfakturaUnavailable):
        route.submit(Consignment("C8", "X", (_invoice("1", "EF"),)))
    with pytest.raises(EfakturaUnavailable):
        route.status("C8")
    with pytest.raises(EfakturaUnavailable):
        route.look_up([PersonQuery("1")])
    with pytest.raises(EfakturaUnavailable):
        route.blocked()


# -- the sandbox and the settings -------------------------------------------------


def test_sandbox_register_matches_like_mps() -> None:
    kari, ola, per, rita = DEMO_PERSONS
    answers = SandboxRegister().look_up(
        [
            PersonQuery("a", national_id=kari.national_id),
            PersonQuery("b", mobile=ola.mobile, email=ola.email.upper()),
            PersonQuery("c", email=per.email, name="per sperret"),
            PersonQuery("d", mobile=ola.mobile),
        ]
    )
    assert [(a.identifier, a.blocked) for a in answers] == [
        (kari.identifier, False), (ola.identifier, False), (per.identifier, True), (None, False)
    ]  # fmt: skip
    sent = SandboxRegister().submit(
        Consignment("S1", "X", (_invoice("1", kari.identifier), _invoice("2", rita.identifier)))
    )
    assert [o.accepted for o in sent.invoices] == [True, False]
    assert SandboxRegister().status("S1").state is ConsignmentState.PROCESSED


def test_route_from_env(mps: RunningMps, tmp_path: object) -> None:
    assert route_from_env({}) is None
    assert route_from_env({"RESKONTRO_EFAKTURA": "sandbox"}).name == "sandbox"  # type: ignore[union-attr]
    soap = route_from_env(
        {"RESKONTRO_EFAKTURA": "mps", "RESKONTRO_EFAKTURA_WSDL": mps.wsdl,
         "RESKONTRO_EFAKTURA_ISSUER": "X"}
    )  # fmt: skip
    assert soap is not None
    assert soap.name == "mps-ws"
    files = route_from_env(
        {"RESKONTRO_EFAKTURA": "mps-files", "RESKONTRO_EFAKTURA_WSDL": mps.wsdl,
         "RESKONTRO_EFAKTURA_ISSUER": "X", "RESKONTRO_EFAKTURA_SFTP_HOST": "127.0.0.1",
         "RESKONTRO_EFAKTURA_SFTP_USER": "u", "RESKONTRO_EFAKTURA_SFTP_PASSWORD": "p",
         "RESKONTRO_EFAKTURA_SFTP_FINGERPRINT": "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"}
    )  # fmt: skip
    assert files is not None
    assert files.name == "mps-files"
    with pytest.raises(ValidationError):
        route_from_env({"RESKONTRO_EFAKTURA": "mps"})
    with pytest.raises(ValidationError):
        route_from_env({"RESKONTRO_EFAKTURA": "carrier-pigeon"})

"""Peppol look-up against a DNS (SML) stub and an SMP stub on loopback.

Spec: shared/specs/peppol-lookup.md — §3 test vectors, §4 outcomes, §8 must-have tests.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import socket
import ssl
from typing import TYPE_CHECKING

import dns.rcode
import pytest

from reskontro.channels.peppol import (
    DOCUMENT_TYPES,
    PRODUCTION_SML_ZONE,
    PeppolDocument,
    PeppolReason,
    PeppolSettings,
    UrllibHttp,
    lookup,
    naptr_name,
    normalise_participant,
    participant_label,
)
from reskontro.channels.peppol.naptr import BadNaptr, NaptrRecord, apply_regexp, smp_records
from reskontro.channels.peppol.smp import MAX_ANSWER_BYTES, allowed_base, same_doctype
from reskontro.i18n import render
from reskontro.messages import Message
from reskontro.testing.peppol import (
    PeppolNetwork,
    redirect_metadata,
    service_group,
    signed_service_metadata,
    smp_naptr,
)

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.channels.peppol import (
        PeppolLookup,
    )

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
ORG = "0192:923609016"
OTHER = "0192:745707327"
INVOICE = DOCUMENT_TYPES[PeppolDocument.INVOICE]
CREDIT_NOTE = DOCUMENT_TYPES[PeppolDocument.CREDIT_NOTE]


def code(result: PeppolLookup) -> str | None:
    return None if result.reason is None else result.reason.code


def detail(result: PeppolLookup) -> str:
    assert result.reason is not None
    return str(result.reason["detail"])


def ask(net: PeppolNetwork, participant: str = ORG, timeout: float = 2.0) -> PeppolLookup:
    return lookup(participant, now=NOW, **net.lookup_options(timeout))


# -- the DNS name (§3) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("0088:123abc", "Y7DZFXAF3D4CJZ4KCGRXTEC6TWVCGA4KY7ZWA5BOIF6MSWD4TDRQ"),
        ("0088:123ABC", "Y7DZFXAF3D4CJZ4KCGRXTEC6TWVCGA4KY7ZWA5BOIF6MSWD4TDRQ"),
        ("0010:5798000000001", "XUKHFQABQZIKI3YKVR2FHR4SNFA3PF5VPQ6K4TONV3LMVSY5ARVQ"),
        ("9915:test", "EH5BOAVAKTMBGZYH2A63DZ4QOV33FVP5NSDVQKLUCFRAAYOODW6A"),
        ("0192:745707327", "P2LQN4YARUWGM5R73VJZ2VXQC3YV36S2HUZMJYZRPXC6QROWP2IA"),
    ],
)
def test_label_matches_the_spec_vectors(value: str, label: str) -> None:
    assert participant_label(value) == label.lower()


def test_full_name_under_the_zone() -> None:
    assert naptr_name("0088:123abc", "participant.sml.test.tech.peppol.org.") == (
        "y7dzfxaf3d4cjz4kcgrxtec6twvcga4ky7zwa5boif6mswd4tdrq"
        ".iso6523-actorid-upis.participant.sml.test.tech.peppol.org"
    )
    assert naptr_name(ORG, PRODUCTION_SML_ZONE).endswith(
        ".iso6523-actorid-upis.participant.sml.prod.tech.peppol.org"
    )


def test_the_value_is_hashed_not_the_full_id_nor_md5() -> None:
    wrong = base64.b32encode(hashlib.sha256(b"iso6523-actorid-upis::0088:123abc").digest()).decode()
    assert wrong.startswith("CS3UJT4P")
    assert participant_label("0088:123abc") != wrong.rstrip("=").lower()
    assert "=" not in participant_label("0088:123abc")
    assert not participant_label("0088:123abc").startswith("b-")


@pytest.mark.parametrize(
    ("given", "value"),
    [
        ("0192:923609016", "0192:923609016"),
        ("  0192:923 609 016 ", "0192:923609016"),
        ("iso6523-actorid-upis::0192:923609016", "0192:923609016"),
        ("ISO6523-ACTORID-UPIS::0088:123ABC", "0088:123ABC"),
        ("0192:923609017", None),  # mod-11 fails
        ("0192:12345678", None),
        ("9908:923609016", None),  # removed scheme
        ("923609016", None),
        ("192:923609016", None),
        ("0192:", None),
    ],
)
def test_participant_ids_are_normalised_and_checked(given: str, value: str | None) -> None:
    assert normalise_participant(given) == value


# -- NAPTR records and regexp (§2 steps 5–6) ---------------------------------------------


def test_the_regexp_is_applied_once_and_anchored() -> None:
    assert apply_regexp("!.*!https://smp.example/!", "x.zone") == "https://smp.example/"
    assert apply_regexp("!^(.*)$!https://smp.example/\\1!", "x.zone") == (
        "https://smp.example/x.zone"
    )
    assert apply_regexp("#^X(.*)$#https://\\1/#i", "x.zone") == "https://.zone/"


@pytest.mark.parametrize(
    "regexp",
    [
        "",
        "!.*",
        "!.*!https://a/",
        "a.*ahttps://a/a",
        "!.*!https://a/!x",
        "!^a$!https://a/!",
        "!(!x!",
    ],
)
def test_a_bad_regexp_is_refused(regexp: str) -> None:
    with pytest.raises(BadNaptr):
        apply_regexp(regexp, "x.zone")


def test_only_u_meta_smp_records_best_first() -> None:
    records = [
        NaptrRecord(100, 20, "U", "Meta:SMP", "!.*!https://b/!"),
        NaptrRecord(100, 10, "u", "meta:smp", "!.*!https://a/!"),
        NaptrRecord(50, 10, "S", "Meta:SMP", "!.*!https://c/!"),
        NaptrRecord(10, 10, "U", "Meta:Other", "!.*!https://d/!"),
    ]
    assert [r.regexp for r in smp_records(records)] == ["!.*!https://a/!", "!.*!https://b/!"]


def test_https_only_except_loopback_in_tests() -> None:
    assert allowed_base("https://smp.example/")
    assert not allowed_base("http://smp.example/")
    assert not allowed_base("http://127.0.0.1:8080/")
    assert allowed_base("http://127.0.0.1:8080/", insecure_loopback=True)
    assert allowed_base("http://localhost:8080/", insecure_loopback=True)
    assert not allowed_base("http://smp.example/", insecure_loopback=True)
    assert not allowed_base("ftp://127.0.0.1/", insecure_loopback=True)
    assert not allowed_base("https:///nohost")


def test_document_types_compare_scheme_loosely_value_exactly() -> None:
    assert same_doctype(INVOICE.replace("busdox-docid-qns", "BUSDOX-DOCID-QNS"), INVOICE)
    assert not same_doctype(INVOICE.replace("Invoice-2", "invoice-2"), INVOICE)
    assert not same_doctype(CREDIT_NOTE, INVOICE)


# -- look-ups on loopback (§4) ----------------------------------------------------------


def test_can_receive_both(net: PeppolNetwork) -> None:
    net.register(ORG)
    result = lookup(" iso6523-actorid-upis::0192:923 609 016", now=NOW, **net.lookup_options())
    assert result.participant == ORG
    assert result.can_receive_invoice
    assert result.can_receive_credit_note
    assert result.reason is None
    assert result.definite
    assert result.smp_url == net.smp.base + "/"
    assert result.endpoint_url == "https://ap.example/as4"
    assert result.transport_profile == "peppol-transport-as4-v2_0"
    assert result.checked_at == NOW
    assert net.dns.queries == [naptr_name(ORG, net.zone)]
    # the participant and document ids are percent-encoded (%3A%3A, %23%23)
    assert net.smp.requests[0] == "/iso6523-actorid-upis%3A%3A0192%3A923609016"
    assert "%23%23urn%3Acen.eu%3Aen16931" in net.smp.requests[1]


def test_invoice_only(net: PeppolNetwork) -> None:
    net.register(ORG, [PeppolDocument.INVOICE])
    result = ask(net)
    assert (result.can_receive_invoice, result.can_receive_credit_note) == (True, False)
    assert code(result) == PeppolReason.DOCUMENT_NOT_SUPPORTED
    assert result.reason == Message.of(PeppolReason.DOCUMENT_NOT_SUPPORTED, document="credit_note")
    assert result.definite
    assert len(net.smp.requests) == 2  # the credit note's metadata is not asked for


def test_reasons_render_in_english_and_bokmal(net: PeppolNetwork) -> None:
    net.register(ORG, [PeppolDocument.INVOICE])
    reason = ask(net).reason
    assert reason is not None
    assert render(reason, "en") == "cannot receive a Peppol BIS Billing 3.0 credit note"
    assert render(reason, "nb") == "kan ikke motta kreditnota som Peppol BIS Billing 3.0"
    missing = ask(net, OTHER).reason
    assert missing is not None
    assert render(missing, "nb") == "ikke registrert i Peppol-nettverket (ingen oppføring i SML)"


def test_a_credit_note_receiver_is_not_an_invoice_receiver(net: PeppolNetwork) -> None:
    net.register(ORG, [PeppolDocument.CREDIT_NOTE])
    result = ask(net)
    assert (result.can_receive_invoice, result.can_receive_credit_note) == (False, True)
    assert result.reason == Message.of(PeppolReason.DOCUMENT_NOT_SUPPORTED, document="invoice")
    assert result.endpoint_url == "https://ap.example/as4"


def test_not_registered_nxdomain(net: PeppolNetwork) -> None:
    net.register(OTHER)
    result = ask(net)
    assert code(result) == PeppolReason.NOT_REGISTERED
    assert not result.can_receive_invoice
    assert result.definite
    assert result.smp_url is None
    assert net.smp.requests == []


def test_not_registered_noerror_without_naptr(net: PeppolNetwork) -> None:
    net.dns.records[naptr_name(ORG, net.zone)] = []
    assert code(ask(net)) == PeppolReason.NOT_REGISTERED


def test_naptr_without_an_smp_pointer(net: PeppolNetwork) -> None:
    net.dns.records[naptr_name(ORG, net.zone)] = ['100 10 "U" "Meta:Other" "!.*!https://x/!" .']
    result = ask(net)
    assert code(result) == PeppolReason.NO_SMP_SERVICE
    assert not result.definite


def test_a_broken_naptr_regexp_is_a_malformed_answer(net: PeppolNetwork) -> None:
    net.dns.records[naptr_name(ORG, net.zone)] = ['100 10 "U" "Meta:SMP" "!.*https://x/" .']
    assert code(ask(net)) == PeppolReason.MALFORMED_ANSWER


def test_the_best_naptr_record_wins(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.dns.records[naptr_name(ORG, net.zone)].append(
        smp_naptr("https://worse.example/").replace("100 10", "100 20")
    )
    assert ask(net).can_receive_invoice


@pytest.mark.parametrize("rcode", [dns.rcode.SERVFAIL, dns.rcode.REFUSED])
def test_dns_failure_is_unknown_not_unregistered(
    net: PeppolNetwork, rcode: dns.rcode.Rcode
) -> None:
    net.register(ORG)
    net.dns.rcode = rcode
    result = ask(net)
    assert code(result) == PeppolReason.DNS_FAILURE
    assert not result.definite


def test_dns_timeout_is_unknown(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.dns.silent = True
    result = ask(net, timeout=0.3)
    assert code(result) == PeppolReason.DNS_FAILURE
    assert "Timeout" in detail(result)


def test_invalid_id_asks_nobody(net: PeppolNetwork) -> None:
    result = ask(net, "0192:923609017")
    assert code(result) == PeppolReason.INVALID_ID
    assert result.participant == "0192:923609017"
    assert net.dns.queries == []


def test_smp_down(net: PeppolNetwork) -> None:
    # A socket bound but not listening: connections are refused, and no one else
    # can take the port while the test holds it.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        net.register(ORG, smp_url=url)
        result = ask(net)
    assert code(result) == PeppolReason.SMP_UNREACHABLE
    assert not result.definite
    assert result.smp_url == url + "/"


def test_smp_that_never_answers_times_out(net: PeppolNetwork) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        net.register(ORG, smp_url=f"http://127.0.0.1:{silent.getsockname()[1]}")
        result = ask(net, timeout=0.3)
    assert code(result) == PeppolReason.SMP_UNREACHABLE


@pytest.mark.parametrize("status", [500, 503, 403, 429, 400])
def test_smp_http_error_is_unknown(net: PeppolNetwork, status: int) -> None:
    net.register(ORG)
    net.serve(net.group_path(ORG), b"", status)
    result = ask(net)
    assert code(result) == PeppolReason.SMP_HTTP_ERROR
    assert result.reason == Message.of(PeppolReason.SMP_HTTP_ERROR, status=status)
    assert not result.definite


def test_redirects_are_not_followed(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.register(OTHER)
    net.serve(net.group_path(ORG), b"", 302, Location=net.smp.base + net.group_path(OTHER))
    result = ask(net)
    assert code(result) == PeppolReason.SMP_HTTP_ERROR
    assert result.reason == Message.of(PeppolReason.SMP_HTTP_ERROR, status=302)
    assert net.smp.requests == [net.group_path(ORG)]


def test_unknown_on_the_smp(net: PeppolNetwork) -> None:
    net.register(ORG)
    del net.smp.routes[net.group_path(ORG)]
    result = ask(net)
    assert code(result) == PeppolReason.NOT_ON_SMP
    assert result.definite


def test_listed_but_metadata_404(net: PeppolNetwork) -> None:
    net.register(ORG)
    del net.smp.routes[net.metadata_path(ORG, PeppolDocument.INVOICE)]
    result = ask(net)
    assert (result.can_receive_invoice, result.can_receive_credit_note) == (False, True)
    assert code(result) == PeppolReason.DOCUMENT_NOT_SUPPORTED


def test_base_url_without_trailing_slash(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.dns.records[naptr_name(ORG, net.zone)] = [smp_naptr(net.smp.base)]
    assert ask(net).can_receive_invoice


def test_plain_http_smp_is_refused_in_production(net: PeppolNetwork) -> None:
    net.register(ORG)
    options = net.lookup_options()
    options["insecure_loopback"] = False
    result = lookup(ORG, now=NOW, **options)
    assert code(result) == PeppolReason.INSECURE_SMP
    assert net.smp.requests == []


@pytest.mark.parametrize(
    "body",
    [
        b"<ServiceGroup",  # not well-formed
        b"not xml at all",
        b'<ServiceGroup xmlns="urn:other"/>',  # wrong namespace
        b"<html><body>Welcome</body></html>",
    ],
)
def test_malformed_service_group(net: PeppolNetwork, body: bytes) -> None:
    net.register(ORG)
    net.serve(net.group_path(ORG), body)
    result = ask(net)
    assert code(result) == PeppolReason.MALFORMED_ANSWER
    assert not result.definite


def test_malformed_service_metadata(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.serve(net.metadata_path(ORG, PeppolDocument.INVOICE), b"<SignedServiceMetadata>")
    assert code(ask(net)) == PeppolReason.MALFORMED_ANSWER


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/">&lol9;</ServiceGroup>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/">&x;</ServiceGroup>
"""


@pytest.mark.parametrize(
    "bomb", [XML_BOMB, XXE, XML_BOMB.decode().encode("utf-16")], ids=["laughs", "xxe", "utf16"]
)
def test_an_xml_bomb_is_refused(net: PeppolNetwork, bomb: bytes) -> None:
    net.register(ORG)
    net.serve(net.group_path(ORG), bomb)
    result = ask(net)
    assert code(result) == PeppolReason.MALFORMED_ANSWER
    assert "DOCTYPE" in detail(result)


def test_an_oversized_answer_is_refused(net: PeppolNetwork) -> None:
    net.register(ORG)
    padding = b"<!--" + b"x" * MAX_ANSWER_BYTES + b"-->"
    group = service_group(ORG, net.smp.base, [INVOICE, CREDIT_NOTE])
    net.serve(
        net.group_path(ORG),
        group.replace(
            b"<ServiceMetadataReferenceCollection>",
            padding + b"<ServiceMetadataReferenceCollection>",
        ),
    )
    assert code(ask(net)) == PeppolReason.MALFORMED_ANSWER


def _metadata(net: PeppolNetwork, **changes: str) -> None:
    """Serve the participant's invoice metadata with ``changes``."""
    body = signed_service_metadata(ORG, INVOICE, net.endpoint, **changes)
    net.serve(net.metadata_path(ORG, PeppolDocument.INVOICE), body)


@pytest.mark.parametrize(
    "changes",
    [
        {"activation": "2027-01-01T00:00:00Z"},  # not yet active
        {"expiration": "2026-12-01T00:00:00Z"},  # expired
        {"transport_profile": "busdox-transport-as2-ver1p0"},  # removed profile
        {"process": "cenbii-procid-ubl::urn:fdc:peppol.eu:2017:poacc:ordering:01:1.0"},
    ],
)
def test_no_usable_endpoint(net: PeppolNetwork, changes: dict[str, str]) -> None:
    net.register(ORG)
    _metadata(net, **changes)
    result = ask(net)
    assert (result.can_receive_invoice, result.can_receive_credit_note) == (False, True)
    assert code(result) == PeppolReason.NO_ENDPOINT
    assert result.reason == Message.of(PeppolReason.NO_ENDPOINT, document="invoice")


def test_activation_window_holding_now(net: PeppolNetwork) -> None:
    net.register(ORG)
    _metadata(net, activation="2026-12-06", expiration="2027-12-31T23:59:59+01:00")
    assert ask(net).can_receive_invoice


def test_a_bad_date_is_malformed(net: PeppolNetwork) -> None:
    net.register(ORG)
    _metadata(net, activation="soon")
    assert code(ask(net)) == PeppolReason.MALFORMED_ANSWER


def test_one_redirect_is_followed(net: PeppolNetwork) -> None:
    net.register(ORG)
    moved = net.metadata_path(ORG, PeppolDocument.INVOICE)
    net.serve("/elsewhere", net.smp.routes[moved][1])
    net.serve(moved, redirect_metadata(net.smp.base + "/elsewhere"))
    result = ask(net)
    assert result.can_receive_invoice
    assert "/elsewhere" in net.smp.requests


def test_a_second_redirect_is_not_followed(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.serve("/elsewhere", redirect_metadata(net.smp.base + "/further"))
    net.serve(
        net.metadata_path(ORG, PeppolDocument.INVOICE),
        redirect_metadata(net.smp.base + "/elsewhere"),
    )
    result = ask(net)
    assert code(result) == PeppolReason.MALFORMED_ANSWER
    assert "/further" not in net.smp.requests


def test_a_redirect_to_plain_http_elsewhere_is_refused(net: PeppolNetwork) -> None:
    net.register(ORG)
    net.serve(
        net.metadata_path(ORG, PeppolDocument.INVOICE), redirect_metadata("http://smp.example/x")
    )
    assert code(ask(net)) == PeppolReason.INSECURE_SMP


def test_settings_from_the_environment() -> None:
    assert PeppolSettings.from_env({}) == PeppolSettings(PRODUCTION_SML_ZONE, None)
    settings = PeppolSettings.from_env(
        {"RESKONTRO_PEPPOL_SML_ZONE": "zone.test", "RESKONTRO_PEPPOL_DNS_SERVER": "127.0.0.1:5353"}
    )
    assert settings == PeppolSettings("zone.test", ("127.0.0.1", 5353))
    assert settings.resolver().port == 5353
    assert PeppolSettings.from_env({"RESKONTRO_PEPPOL_DNS_SERVER": "10.0.0.1"}).dns_server == (
        "10.0.0.1",
        53,
    )
    assert PeppolSettings.from_env({}).resolver().nameserver is None


def test_the_settings_resolver_reaches_the_stub(net: PeppolNetwork) -> None:
    net.register(ORG)
    settings = PeppolSettings.from_env(
        {
            "RESKONTRO_PEPPOL_SML_ZONE": net.zone,
            "RESKONTRO_PEPPOL_DNS_SERVER": f"127.0.0.1:{net.dns.port}",
        }
    )
    result = lookup(
        ORG,
        now=NOW,
        sml_zone=settings.sml_zone,
        resolver=settings.resolver(),
        http=UrllibHttp(timeout=2),
        insecure_loopback=True,
    )
    assert result.can_receive_invoice


# -- HTTPS, as in production --------------------------------------------------------------


def test_https_smp_with_certificate_checked(tls_files: tuple[Path, Path]) -> None:
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(tls_files[0], tls_files[1])
    trusting = ssl.create_default_context(cafile=str(tls_files[0]))
    with PeppolNetwork(tls=server) as net:
        net.register(ORG)
        assert net.smp.base.startswith("https://127.0.0.1:")

        def https_lookup(http: UrllibHttp) -> PeppolLookup:
            return lookup(ORG, now=NOW, sml_zone=net.zone, resolver=net.resolver(), http=http)

        result = https_lookup(UrllibHttp(timeout=2, context=trusting))
        assert result.can_receive_invoice
        assert result.can_receive_credit_note
        # the system's CAs do not know the test certificate: no answer, not a "no"
        refused = https_lookup(UrllibHttp(timeout=2))
        assert code(refused) == PeppolReason.SMP_UNREACHABLE
        assert "CERTIFICATE_VERIFY_FAILED" in detail(refused)


SMP = 'xmlns="http://busdox.org/serviceMetadata/publishing/1.0/"'


@pytest.mark.parametrize(
    "body",
    [
        f"<SignedServiceMetadata {SMP}/>",
        f"<SignedServiceMetadata {SMP}><ServiceMetadata><Redirect/></ServiceMetadata>"
        "</SignedServiceMetadata>",
        f"<ServiceMetadata {SMP}/>",
    ],
    ids=["no-metadata", "redirect-without-href", "no-information"],
)
def test_service_metadata_missing_its_parts(net: PeppolNetwork, body: str) -> None:
    net.register(ORG)
    net.serve(net.metadata_path(ORG, PeppolDocument.INVOICE), body.encode())
    result = ask(net)
    assert code(result) == PeppolReason.MALFORMED_ANSWER


def test_an_endpoint_without_address_is_malformed(net: PeppolNetwork) -> None:
    net.register(ORG)
    body = signed_service_metadata(ORG, INVOICE, " ")
    net.serve(net.metadata_path(ORG, PeppolDocument.INVOICE), body)
    result = ask(net)
    assert code(result) == PeppolReason.MALFORMED_ANSWER
    assert "Address" in detail(result)


def test_document_identifiers_are_the_code_list_ones() -> None:
    assert PeppolDocument.INVOICE.identifier == (
        "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
        "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
    )
    assert PeppolDocument.CREDIT_NOTE.identifier == CREDIT_NOTE

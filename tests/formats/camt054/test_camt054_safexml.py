"""The hardened XML reader: entity expansion and external entities are rejected."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from reskontro.errors import FileFormatError
from reskontro.formats.camt054 import MAX_SIZE, parse, safexml

if TYPE_CHECKING:
    from pathlib import Path

REFUSED = "DOCTYPE or ENTITY declaration is not accepted"
NS = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrDbtCdtNtfctn>
</Document>"""


def external_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "{url}">]>
<Document xmlns="{NS}"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>&xxe;</MsgId>
</GrpHdr></BkToCstmrDbtCdtNtfctn></Document>""".encode()


def external_dtd(url: str) -> bytes:
    return f"""<?xml version="1.0"?><!DOCTYPE Document SYSTEM "{url}">
<Document xmlns="{NS}"><BkToCstmrDbtCdtNtfctn/></Document>""".encode()


def parameter_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY % remote SYSTEM "{url}"> %remote;]>
<Document xmlns="{NS}"><BkToCstmrDbtCdtNtfctn/></Document>""".encode()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.dtd"
    path.write_text('<!ENTITY xxe "TOP-SECRET">', encoding="ascii")
    return path


def attacks(secret: Path) -> list[bytes]:
    url = secret.as_uri()
    return [
        BILLION_LAUGHS,
        external_entity("file:///etc/passwd"),
        external_entity(url),
        external_entity("http://127.0.0.1:9/x"),
        external_dtd(url),
        external_dtd("http://127.0.0.1:9/x.dtd"),
        parameter_entity(url),
        parameter_entity("http://127.0.0.1:9/x"),
        b'<?xml version="1.0"?><!DOCTYPE Document><Document/>',
    ]


def test_entity_expansion_and_external_entities_are_rejected(secret: Path) -> None:
    for data in attacks(secret):
        with pytest.raises(FileFormatError, match=REFUSED) as caught:
            parse(data)
        assert "TOP-SECRET" not in str(caught.value)
        assert "root" not in str(caught.value)


def test_utf16_declarations_are_rejected(secret: Path) -> None:
    data = (
        external_entity(secret.as_uri())
        .decode()
        .replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    )
    with pytest.raises(FileFormatError, match=REFUSED):
        parse(data.encode("utf-16"))


def test_the_parser_refuses_even_without_the_byte_scan(
    secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The layers behind the byte scan (for encodings it cannot read): the resolver
    # refuses every external resource, and a remaining DTD or entity is rejected.
    monkeypatch.setattr(safexml, "_DECLARATIONS", ())
    for data in attacks(secret):
        # libxml2 itself stops the billion laughs first ("entity amplification").
        with pytest.raises(FileFormatError, match=f"{REFUSED}|amplification") as caught:
            parse(data)
        assert "TOP-SECRET" not in str(caught.value)
    # The whole-tree parser (EHF, SMP) asks the resolver, which refuses; the camt.054
    # stream's push parser never fetches the DTD, and refuses the file for having one.
    with pytest.raises(FileFormatError, match=re.escape(f"(asked for {secret.as_uri()})")):
        safexml.parse_xml(external_dtd(secret.as_uri()))
    with pytest.raises(FileFormatError, match=REFUSED) as caught:
        parse(external_dtd(secret.as_uri()))
    assert "TOP-SECRET" not in str(caught.value)


def test_a_left_over_entity_reference_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    # Defence in depth: should a tree ever keep an entity node, it is refused.
    root = etree.fromstring(b"<a><b/></a>")
    root[0].append(etree.Entity("lol"))
    monkeypatch.setattr(etree, "fromstring", lambda *_: root)
    with pytest.raises(FileFormatError, match=REFUSED):
        safexml.parse_xml(b"<a/>")


def test_size_limit() -> None:
    assert MAX_SIZE == 200 * 1024 * 1024
    with pytest.raises(FileFormatError, match="more than the limit of 10"):
        parse(b"<Document>" + b" " * 20 + b"</Document>", max_size=10)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", 1),
        (b"not xml", 1),
        (b"<Document>\n<open>\n</Document>", 3),
        (b"<a>&undefined;</a>", 1),
    ],
)
def test_not_well_formed(data: bytes, line: int) -> None:
    with pytest.raises(FileFormatError, match="not well-formed XML") as caught:
        parse(data)
    assert caught.value.line == line

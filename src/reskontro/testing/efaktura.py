"""A loopback MPS eFaktura web service for tests and the benchmark: a small WSDL
written from MPS' documentation (the operations and the fields it names; the rest as
in :mod:`reskontro.channels.efaktura.mapping`), served with a SOAP endpoint by the
standard library's http.server in a thread, its socket bound before it is used.

The register holds persons (national identity number, mobile, e-mail → eFaktura
address), the issuer's blocked list and the consignments it was given; every call is
logged so a test can count look-ups.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Self

NS = "urn:reskontro:loopback:efaktura"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"

WSDL = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="{ns}" targetNamespace="{ns}" name="EfakturaService">
 <types>
  <xs:schema targetNamespace="{ns}" elementFormDefault="qualified">
   <xs:complexType name="PersonRequest"><xs:sequence>
    <xs:element name="reference" type="xs:string"/>
    <xs:element name="socialSecurityNumber" type="xs:string" minOccurs="0"/>
    <xs:element name="mobileNumber" type="xs:string" minOccurs="0"/>
    <xs:element name="emailAddress" type="xs:string" minOccurs="0"/>
    <xs:element name="name" type="xs:string" minOccurs="0"/>
    <xs:element name="address" type="xs:string" minOccurs="0"/>
    <xs:element name="postalCode" type="xs:string" minOccurs="0"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="PersonResponse"><xs:sequence>
    <xs:element name="reference" type="xs:string"/>
    <xs:element name="efakturaIdentifier" type="xs:string" minOccurs="0"/>
    <xs:element name="blocked" type="xs:boolean" minOccurs="0"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="Invoice"><xs:sequence>
    <xs:element name="invoiceNumber" type="xs:string"/>
    <xs:element name="efakturaIdentifier" type="xs:string" minOccurs="0"/>
    <xs:element name="amount" type="xs:decimal"/>
    <xs:element name="issueDate" type="xs:date"/>
    <xs:element name="dueDate" type="xs:date"/>
    <xs:element name="kid" type="xs:string" minOccurs="0"/>
    <xs:element name="billingAccount" type="xs:string"/>
    <xs:element name="name" type="xs:string"/>
    <xs:element name="document" type="xs:base64Binary" minOccurs="0"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="InvoiceStatus"><xs:sequence>
    <xs:element name="invoiceNumber" type="xs:string"/>
    <xs:element name="status" type="xs:string"/>
    <xs:element name="errorCode" type="xs:string" minOccurs="0"/>
    <xs:element name="errorText" type="xs:string" minOccurs="0"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="ConsignmentStatus"><xs:sequence>
    <xs:element name="consignmentId" type="xs:string"/>
    <xs:element name="status" type="xs:string"/>
    <xs:element name="invoice" type="tns:InvoiceStatus" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:element name="getEfakturaIdentifiers"><xs:complexType><xs:sequence>
    <xs:element name="issuer" type="xs:string"/>
    <xs:element name="request" type="tns:PersonRequest" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="getEfakturaIdentifiersResponse"><xs:complexType><xs:sequence>
    <xs:element name="response" type="tns:PersonResponse" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="getBlackList"><xs:complexType><xs:sequence>
    <xs:element name="issuer" type="xs:string"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="getBlackListResponse"><xs:complexType><xs:sequence>
    <xs:element name="efakturaIdentifier" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="addInvoices"><xs:complexType><xs:sequence>
    <xs:element name="issuer" type="xs:string"/>
    <xs:element name="consignmentId" type="xs:string"/>
    <xs:element name="invoice" type="tns:Invoice" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="addInvoicesResponse" type="tns:ConsignmentStatus"/>
   <xs:element name="getConsignmentStatus"><xs:complexType><xs:sequence>
    <xs:element name="issuer" type="xs:string"/>
    <xs:element name="consignmentId" type="xs:string"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="getConsignmentStatusResponse" type="tns:ConsignmentStatus"/>
   <xs:element name="getInvoiceStatus"><xs:complexType><xs:sequence>
    <xs:element name="issuer" type="xs:string"/>
    <xs:element name="invoiceNumber" type="xs:string"/>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="getInvoiceStatusResponse"><xs:complexType><xs:sequence>
    <xs:element name="status" type="xs:string"/>
   </xs:sequence></xs:complexType></xs:element>
  </xs:schema>
 </types>
{messages}
 <portType name="EfakturaPort">
{port_ops}
 </portType>
 <binding name="EfakturaBinding" type="tns:EfakturaPort">
  <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
{binding_ops}
 </binding>
 <service name="EfakturaService">
  <port name="EfakturaPort" binding="tns:EfakturaBinding">
   <soap:address location="{address}"/>
  </port>
 </service>
</definitions>
"""

OPERATIONS = (
    "getEfakturaIdentifiers",
    "getBlackList",
    "addInvoices",
    "getConsignmentStatus",
    "getInvoiceStatus",
)


def wsdl_text(address: str) -> str:
    messages = "\n".join(
        f' <message name="{op}{kind}"><part name="parameters" element="tns:{op}{kind}"/></message>'
        for op in OPERATIONS
        for kind in ("", "Response")
    )
    port_ops = "\n".join(
        f'  <operation name="{op}"><input message="tns:{op}"/>'
        f'<output message="tns:{op}Response"/></operation>'
        for op in OPERATIONS
    )
    binding_ops = "\n".join(
        f'  <operation name="{op}"><soap:operation soapAction="{NS}/{op}"/>'
        '<input><soap:body use="literal"/></input>'
        '<output><soap:body use="literal"/></output></operation>'
        for op in OPERATIONS
    )
    return WSDL.format(
        ns=NS, messages=messages, port_ops=port_ops, binding_ops=binding_ops, address=address
    )


@dataclass
class LoopbackMps:
    """The register's and the operator's state."""

    issuer: str = "9908:987654325"
    #: national identity number → eFaktura address.
    by_national_id: dict[str, str] = field(default_factory=dict)
    #: (mobile, e-mail) → eFaktura address.
    by_contact: dict[tuple[str, str], str] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    #: Invoices to these addresses are rejected (error 5003-like).
    rejecting: set[str] = field(default_factory=set)
    #: consignment id → its invoices (number, identifier, status, error).
    consignments: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    #: Every call: (operation, number of items).
    calls: list[tuple[str, int]] = field(default_factory=list)
    #: While True the service answers 503 (the register is down).
    down: bool = False
    #: Every request the service got, answered or not (down).
    requests: int = 0
    #: Consignments come back PROCESSED on the first status call after this many.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_person(
        self,
        identifier: str,
        *,
        national_id: str | None = None,
        mobile: str | None = None,
        email: str | None = None,
    ) -> None:
        if national_id:
            self.by_national_id[national_id] = identifier
        if mobile and email:
            self.by_contact[(mobile, email.lower())] = identifier

    def looked_up(self) -> int:
        return sum(n for op, n in self.calls if op == "getEfakturaIdentifiers")

    # -- the operations ---------------------------------------------------------

    def handle(self, op: str, body: etree._Element) -> etree._Element:
        def text(el: etree._Element, name: str) -> str | None:
            found = el.find(f"{{{NS}}}{name}")
            return None if found is None or found.text is None else found.text

        out = etree.Element(f"{{{NS}}}{op}Response")

        def add(parent: etree._Element, name: str, value: str | None) -> None:
            if value is not None:
                etree.SubElement(parent, f"{{{NS}}}{name}").text = value

        if op == "getEfakturaIdentifiers":
            requests = body.findall(f"{{{NS}}}request")
            self.calls.append((op, len(requests)))
            for req in requests:
                ident = self._find(
                    text(req, "socialSecurityNumber"),
                    text(req, "mobileNumber"),
                    text(req, "emailAddress"),
                )
                row = etree.SubElement(out, f"{{{NS}}}response")
                add(row, "reference", text(req, "reference"))
                add(row, "efakturaIdentifier", ident)
                if ident is not None:
                    add(row, "blocked", "true" if ident in self.blocked else "false")
        elif op == "getBlackList":
            self.calls.append((op, 1))
            for ident in sorted(self.blocked):
                add(out, "efakturaIdentifier", ident)
        elif op == "addInvoices":
            cid = text(body, "consignmentId") or ""
            invoices = body.findall(f"{{{NS}}}invoice")
            self.calls.append((op, len(invoices)))
            rows = []
            for inv in invoices:
                number = text(inv, "invoiceNumber") or ""
                ident = text(inv, "efakturaIdentifier")
                ok = ident is not None and ident not in self.rejecting | self.blocked
                rows.append((number, "PROCESSED" if ok else "REJECTED", "" if ok else "5003"))
            self.consignments[cid] = rows
            self._status(out, cid, "RECEIVED", add)
        elif op == "getConsignmentStatus":
            cid = text(body, "consignmentId") or ""
            self.calls.append((op, 1))
            self._status(out, cid, "PROCESSED" if cid in self.consignments else "REJECTED", add)
        elif op == "getInvoiceStatus":
            wanted = text(body, "invoiceNumber")
            self.calls.append((op, 1))
            status = next(
                (s for rows in self.consignments.values() for n, s, _ in rows if n == wanted),
                "UNKNOWN",
            )
            add(out, "status", status)
        return out

    def _find(self, nid: str | None, mobile: str | None, email: str | None) -> str | None:
        if nid and nid in self.by_national_id:
            return self.by_national_id[nid]
        if mobile and email:
            return self.by_contact.get((mobile, email.lower()))
        return None

    def _status(self, out: etree._Element, cid: str, state: str, add: Any) -> None:
        add(out, "consignmentId", cid)
        add(out, "status", state)
        if state == "RECEIVED":
            return
        for number, status, error in self.consignments.get(cid, []):
            row = etree.SubElement(out, f"{{{NS}}}invoice")
            add(row, "invoiceNumber", number)
            add(row, "status", status)
            if error:
                add(row, "errorCode", error)
                add(row, "errorText", "no eFaktura recipient")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/xml; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._send(200, wsdl_text(self.server.address).encode())

    def do_POST(self) -> None:
        state = self.server.state
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with state.lock:
            state.requests += 1
        if state.down:
            self._send(503, b"down", "text/plain")
            return
        envelope = etree.fromstring(data)
        body = envelope.find(f"{{{SOAP}}}Body")
        request = body[0] if body is not None and len(body) else None
        if request is None:
            self._send(400, b"no body", "text/plain")
            return
        op = etree.QName(request).localname
        with state.lock:
            answer = state.handle(op, request)
        env = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP, "tns": NS})
        etree.SubElement(env, f"{{{SOAP}}}Body").append(answer)
        self._send(200, etree.tostring(env, xml_declaration=True, encoding="UTF-8"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: LoopbackMps
    address: str


class RunningMps:
    """The service running: its WSDL's URL and state."""

    def __init__(self, state: LoopbackMps) -> None:
        # The socket is bound here, before any client is given the address.
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.state = state
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/efaktura"
        self.httpd.address = self.url
        self.state = state
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def wsdl(self) -> str:
        return self.url + "?wsdl"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def serve(state: LoopbackMps | None = None) -> Iterator[RunningMps]:
    """For a pytest fixture: ``yield from serve()``."""
    with RunningMps(state or LoopbackMps()) as running:
        yield running

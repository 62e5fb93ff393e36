"""A Peppol network on loopback for tests and demos: an SML (DNS) stub and an SMP stub.

Both bind their socket on ``127.0.0.1`` port 0 before anything else and report the port
the kernel gave them. The DNS stub answers NAPTR queries from a table (names it does not
know get NXDOMAIN); the SMP stub serves ServiceGroup and SignedServiceMetadata XML shaped
as in SMP 1.x (``shared/specs/peppol-lookup.md`` §2), and any status on demand.

    with PeppolNetwork() as net:
        net.register("0192:923609016")
        result = lookup("0192:923609016", now=now, **net.lookup_options())
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from reskontro.channels.peppol.identifiers import (
    AS4_TRANSPORT_PROFILE,
    BILLING_PROCESS,
    DOCUMENT_TYPES,
    TEST_SML_ZONE,
    PeppolDocument,
    naptr_name,
    participant_path,
    quote_all,
)
from reskontro.channels.peppol.naptr import DnsResolver
from reskontro.channels.peppol.smp import UrllibHttp

if TYPE_CHECKING:
    import ssl
    from collections.abc import Iterable
    from types import TracebackType
    from typing import Self

SMP_NS = "http://busdox.org/serviceMetadata/publishing/1.0/"
IDS_NS = "http://busdox.org/transport/identifiers/1.0/"
WSA_NS = "http://www.w3.org/2005/08/addressing"


def smp_naptr(url: str) -> str:
    """The text of a U-NAPTR record pointing at an SMP."""
    return f'100 10 "U" "Meta:SMP" "!.*!{url}!" .'


class DnsStub:
    """A UDP DNS server on loopback answering NAPTR queries from :attr:`records`.

    ``records`` maps a query name (lower case, no final dot) to the texts of its NAPTR
    records; an empty list answers NOERROR with no record. ``rcode`` forces an answer
    code for every query (e.g. ``dns.rcode.SERVFAIL``); ``silent`` drops every query.
    """

    def __init__(self) -> None:
        self.records: dict[str, list[str]] = {}
        self.rcode: dns.rcode.Rcode | None = None
        self.silent = False
        self.queries: list[str] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.02)
        self.port: int = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="dns-stub", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self._sock.recvfrom(65535)
            except TimeoutError:
                continue
            reply = self._answer(data)
            if reply is not None:
                self._sock.sendto(reply, peer)

    def _answer(self, data: bytes) -> bytes | None:
        query = dns.message.from_wire(data)
        name = query.question[0].name.to_text(omit_final_dot=True).lower()
        self.queries.append(name)
        if self.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if self.rcode is not None:
            response.set_rcode(self.rcode)
        elif name not in self.records:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif query.question[0].rdtype == dns.rdatatype.NAPTR and self.records[name]:
            response.answer.append(
                dns.rrset.from_text_list(name + ".", 60, "IN", "NAPTR", self.records[name])
            )
        wire: bytes = response.to_wire()
        return wire


@dataclass
class SmpStub:
    """An HTTP server on loopback serving fixed answers by path (404 for the rest)."""

    #: Raw request path (percent-encoded as sent) → (status, body, extra headers).
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    #: The paths asked for, in order.
    requests: list[str] = field(default_factory=list)
    #: A server-side TLS context: serve HTTPS instead of plain HTTP.
    tls: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.requests.append(self.path)
                status, body, headers = stub.routes.get(self.path, (404, b"", {}))
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # binds now
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name="smp-stub", daemon=True
        )

    @property
    def base(self) -> str:
        scheme = "http" if self.tls is None else "https"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()


def service_group(value: str, base: str, documents: Iterable[str]) -> bytes:
    """A ServiceGroup listing ``documents`` (full document type ids)."""
    group = f"{base}/{participant_path(value)}"
    refs = "".join(
        f"<ServiceMetadataReference href={quoteattr(f'{group}/services/{quote_all(d)}')}/>"
        for d in documents
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ServiceGroup xmlns="{SMP_NS}" '
        f'xmlns:ids="{IDS_NS}"><ids:ParticipantIdentifier scheme="iso6523-actorid-upis">'
        f"{escape(value)}</ids:ParticipantIdentifier><ServiceMetadataReferenceCollection>"
        f"{refs}</ServiceMetadataReferenceCollection></ServiceGroup>"
    ).encode()


def signed_service_metadata(
    value: str,
    document: str,
    endpoint: str,
    *,
    process: str = BILLING_PROCESS,
    transport_profile: str = AS4_TRANSPORT_PROFILE,
    activation: str | None = "2025-01-01T00:00:00Z",
    expiration: str | None = None,
) -> bytes:
    """A SignedServiceMetadata with one process and one endpoint (no real signature)."""
    doc_scheme, _, doc_value = document.partition("::")
    proc_scheme, _, proc_value = process.partition("::")
    window = ""
    if activation is not None:
        window += f"<ServiceActivationDate>{activation}</ServiceActivationDate>"
    if expiration is not None:
        window += f"<ServiceExpirationDate>{expiration}</ServiceExpirationDate>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<SignedServiceMetadata xmlns="{SMP_NS}" '
        f'xmlns:ids="{IDS_NS}" xmlns:wsa="{WSA_NS}"><ServiceMetadata><ServiceInformation>'
        f'<ids:ParticipantIdentifier scheme="iso6523-actorid-upis">{escape(value)}'
        f"</ids:ParticipantIdentifier>"
        f"<ids:DocumentIdentifier scheme={quoteattr(doc_scheme)}>{escape(doc_value)}"
        f"</ids:DocumentIdentifier><ProcessList><Process>"
        f"<ids:ProcessIdentifier scheme={quoteattr(proc_scheme)}>{escape(proc_value)}"
        f"</ids:ProcessIdentifier><ServiceEndpointList>"
        f"<Endpoint transportProfile={quoteattr(transport_profile)}>"
        f"<wsa:EndpointReference><wsa:Address>{escape(endpoint)}</wsa:Address>"
        f"</wsa:EndpointReference>"
        f"<RequireBusinessLevelSignature>false</RequireBusinessLevelSignature>{window}"
        f"<Certificate>MIIC</Certificate><ServiceDescription>Test AP</ServiceDescription>"
        f"<TechnicalContactUrl>https://ap.example/contact</TechnicalContactUrl>"
        f"</Endpoint></ServiceEndpointList></Process></ProcessList></ServiceInformation>"
        f'</ServiceMetadata><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>'
        f"</SignedServiceMetadata>"
    ).encode()


def redirect_metadata(href: str) -> bytes:
    """A SignedServiceMetadata that redirects to another SMP."""
    return (
        f'<SignedServiceMetadata xmlns="{SMP_NS}"><ServiceMetadata>'
        f"<Redirect href={quoteattr(href)}><CertificateUID>CN=other</CertificateUID>"
        f"</Redirect></ServiceMetadata></SignedServiceMetadata>"
    ).encode()


class PeppolNetwork:
    """A DNS stub and an SMP stub together, under the test SML zone."""

    zone = TEST_SML_ZONE
    endpoint = "https://ap.example/as4"

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.dns = DnsStub()
        self.smp = SmpStub(tls=tls)

    def __enter__(self) -> Self:
        self.dns.start()
        self.smp.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.smp.close()
        self.dns.close()

    def group_path(self, value: str) -> str:
        return f"/{participant_path(value)}"

    def metadata_path(self, value: str, document: PeppolDocument) -> str:
        return f"{self.group_path(value)}/services/{quote_all(DOCUMENT_TYPES[document])}"

    def register(
        self,
        value: str,
        documents: Iterable[PeppolDocument] = tuple(PeppolDocument),
        *,
        smp_url: str | None = None,
    ) -> None:
        """Make ``value`` a participant receiving ``documents`` through the SMP stub."""
        base = self.smp.base if smp_url is None else smp_url
        self.dns.records[naptr_name(value, self.zone)] = [smp_naptr(base + "/")]
        wanted = tuple(documents)
        self.serve(
            self.group_path(value),
            service_group(value, self.smp.base, [DOCUMENT_TYPES[d] for d in wanted]),
        )
        for document in wanted:
            self.serve(
                self.metadata_path(value, document),
                signed_service_metadata(value, DOCUMENT_TYPES[document], self.endpoint),
            )

    def serve(self, path: str, body: bytes, status: int = 200, **headers: str) -> None:
        self.smp.routes[path] = (status, body, headers)

    def resolver(self, timeout: float = 2.0) -> DnsResolver:
        return DnsResolver("127.0.0.1", self.dns.port, timeout=timeout)

    def lookup_options(self, timeout: float = 2.0) -> dict[str, Any]:
        """Keyword arguments for :func:`~reskontro.channels.peppol.lookup`."""
        return {
            "sml_zone": self.zone,
            "resolver": self.resolver(timeout),
            "http": UrllibHttp(timeout=timeout),
            "insecure_loopback": True,
        }

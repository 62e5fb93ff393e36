"""The SMP step of a Peppol look-up: HTTP GETs and reading the SMP 1.x XML.

Spec: ``shared/specs/peppol-lookup.md`` §2 steps 7–11 and §4. The SMP's read API is
``GET {base}/{participant}`` (the *ServiceGroup*, which lists document types) and
``GET {base}/{participant}/services/{doctype}`` (the *SignedServiceMetadata*: process,
endpoint, transport profile, activation window). Redirects (HTTP 3xx) are never
followed. The XML is untrusted and read with the hardened parser of
:mod:`reskontro.formats.camt054.safexml` (no DTD, no entities, no network, bounded size).

XMLDSig signatures are not verified: the answer is a hint of whether a participant can
receive, not the delivery data an access point sends with.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from reskontro.channels import ChannelError
from reskontro.errors import FileFormatError

from .identifiers import AS4_TRANSPORT_PROFILE, BILLING_PROCESS

if TYPE_CHECKING:
    import ssl
    import urllib.request

    from lxml import etree

#: Namespaces of SMP 1.x (the "busdox" schemas) and WS-Addressing.
NS = {
    "smp": "http://busdox.org/serviceMetadata/publishing/1.0/",
    "ids": "http://busdox.org/transport/identifiers/1.0/",
    "wsa": "http://www.w3.org/2005/08/addressing",
}
#: An SMP answer is small; anything larger is refused unread.
MAX_ANSWER_BYTES = 1024 * 1024


class SmpUnreachable(ChannelError):
    """No HTTP answer: connection refused, timeout, TLS failure."""


class MalformedAnswer(ChannelError):
    """An answer that is not the SMP XML it should be (or not XML at all)."""


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    #: The body of a 200 answer (empty for other statuses).
    body: bytes


class HttpGet(Protocol):
    """``get(url)`` → the status and body; raises :class:`SmpUnreachable`."""

    def get(self, url: str) -> HttpAnswer: ...


def _opener(context: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    """A urllib opener that follows no redirect (urllib then raises the 3xx)."""
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:  # noqa: ARG002
            return None

    return urllib.request.build_opener(NoRedirects(), urllib.request.HTTPSHandler(context=context))


class UrllibHttp:
    """GET with the standard library: a timeout, no redirects, a bounded body.

    ``context`` is the TLS context (default: the system's CAs, certificates verified).
    Proxies come from the environment, as for any urllib request.
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_bytes: int = MAX_ANSWER_BYTES,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._opener = _opener(context)

    def get(self, url: str) -> HttpAnswer:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(  # noqa: S310 (the scheme is checked by the caller)
            url, headers={"Accept": "application/xml, text/xml"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return HttpAnswer(response.status, response.read(self.max_bytes + 1))
        except urllib.error.HTTPError as exc:
            exc.close()
            return HttpAnswer(exc.code, b"")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise SmpUnreachable(f"GET {url} failed: {reason}") from None


def allowed_base(url: str, *, insecure_loopback: bool = False) -> bool:
    """Whether an SMP base URL may be used: HTTPS, or plain HTTP on loopback in tests."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http" or not insecure_loopback:
        return False
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return parts.hostname == "localhost"


def service_group_doctypes(data: bytes) -> frozenset[str]:
    """The document type ids a ServiceGroup lists (decoded from the reference hrefs).

    The hrefs are read, never fetched: they may name stale hosts.
    """
    root = _parse(data, "ServiceGroup")
    found = set()
    for ref in root.iterfind(
        "smp:ServiceMetadataReferenceCollection/smp:ServiceMetadataReference", NS
    ):
        href = ref.get("href") or ""
        _, sep, tail = href.partition("/services/")
        if sep:
            found.add(unquote(tail.rstrip("/")))
    return frozenset(found)


def same_doctype(listed: str, wanted: str) -> bool:
    """Document type ids match: the scheme without regard to case, the value exactly."""
    scheme, _, value = listed.partition("::")
    wanted_scheme, _, wanted_value = wanted.partition("::")
    return scheme.lower() == wanted_scheme.lower() and value == wanted_value


@dataclass(frozen=True, slots=True)
class Endpoint:
    url: str
    transport_profile: str


@dataclass(frozen=True, slots=True)
class ServiceMetadata:
    """What a SignedServiceMetadata says: a redirect, or endpoints for our process."""

    #: A ``Redirect/@href`` to follow (once), else None.
    redirect: str | None
    #: The active AS4 endpoints for the billing process, at the time asked.
    endpoints: tuple[Endpoint, ...]


def service_metadata(data: bytes, *, now: dt.datetime) -> ServiceMetadata:
    """Read a (Signed)ServiceMetadata: the redirect, or the usable endpoints at ``now``."""
    root = _parse(data, "SignedServiceMetadata", "ServiceMetadata")
    metadata = root if _local(root) == "ServiceMetadata" else root.find("smp:ServiceMetadata", NS)
    if metadata is None:
        raise MalformedAnswer("SignedServiceMetadata without ServiceMetadata")
    redirect = metadata.find("smp:Redirect", NS)
    if redirect is not None:
        href = redirect.get("href")
        if not href:
            raise MalformedAnswer("Redirect without href")
        return ServiceMetadata(redirect=href, endpoints=())
    info = metadata.find("smp:ServiceInformation", NS)
    if info is None:
        raise MalformedAnswer("ServiceMetadata without ServiceInformation or Redirect")
    endpoints = []
    for process in info.iterfind("smp:ProcessList/smp:Process", NS):
        ident = process.find("ids:ProcessIdentifier", NS)
        if ident is None or not _same_process(ident):
            continue
        for endpoint in process.iterfind("smp:ServiceEndpointList/smp:Endpoint", NS):
            found = _endpoint(endpoint, now)
            if found is not None:
                endpoints.append(found)
    return ServiceMetadata(redirect=None, endpoints=tuple(endpoints))


def _same_process(ident: etree._Element) -> bool:
    wanted_scheme, _, wanted_value = BILLING_PROCESS.partition("::")
    scheme = ident.get("scheme") or ""
    return scheme.lower() == wanted_scheme and (ident.text or "").strip() == wanted_value


def _endpoint(endpoint: etree._Element, now: dt.datetime) -> Endpoint | None:
    if endpoint.get("transportProfile") != AS4_TRANSPORT_PROFILE:
        return None
    start = _when(endpoint.findtext("smp:ServiceActivationDate", None, NS))
    end = _when(endpoint.findtext("smp:ServiceExpirationDate", None, NS))
    if (start is not None and now < start) or (end is not None and now > end):
        return None  # "Senders should ignore services that are not yet activated / expired"
    address = (endpoint.findtext("wsa:EndpointReference/wsa:Address", "", NS) or "").strip()
    if not address:
        raise MalformedAnswer("Endpoint without wsa:EndpointReference/wsa:Address")
    return Endpoint(url=address, transport_profile=AS4_TRANSPORT_PROFILE)


def _when(text: str | None) -> dt.datetime | None:
    """An xs:dateTime (UTC when it has no zone) or xs:date (its midnight, UTC)."""
    if text is None or not text.strip():
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise MalformedAnswer(f"not a date and time: {text.strip()!r}") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _parse(data: bytes, *roots: str) -> etree._Element:
    from reskontro.formats.camt054.safexml import parse_xml

    try:
        root = parse_xml(data, max_size=MAX_ANSWER_BYTES)
    except FileFormatError as exc:
        raise MalformedAnswer(exc.reason) from None
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag not in {f"{{{NS['smp']}}}{name}" for name in roots}:
        raise MalformedAnswer(f"expected {' or '.join(roots)}, found {tag or 'no element'}")
    return root

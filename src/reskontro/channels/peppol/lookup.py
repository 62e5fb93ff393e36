"""Can a participant receive Peppol BIS Billing 3.0 invoices and credit notes?

Spec: ``shared/specs/peppol-lookup.md``. SML (U-NAPTR) → SMP base URL → ServiceGroup
(which document types) → ServiceMetadata per document type (billing process, an active
AS4 endpoint). Every outcome of §4 is a :class:`PeppolReason`; a look-up never raises
for what the network or the SMP did.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .identifiers import (
    DOCUMENT_TYPES,
    PRODUCTION_SML_ZONE,
    PeppolDocument,
    naptr_name,
    normalise_participant,
    participant_path,
    quote_all,
)
from .naptr import (
    BadNaptr,
    DnsFailure,
    DnsResolver,
    NotRegistered,
    apply_regexp,
    smp_records,
)
from .smp import (
    MalformedAnswer,
    SmpUnreachable,
    UrllibHttp,
    allowed_base,
    same_doctype,
    service_group_doctypes,
    service_metadata,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from .naptr import (
        NaptrResolver,
    )
    from .smp import (
        Endpoint,
        HttpGet,
        ServiceMetadata,
    )

#: The environment variable that names the SML zone.
SML_ZONE_ENV = "RESKONTRO_PEPPOL_SML_ZONE"
#: The environment variable that names a DNS server, ``host`` or ``host:port``.
DNS_SERVER_ENV = "RESKONTRO_PEPPOL_DNS_SERVER"


class PeppolReason(StrEnum):
    """Why a participant cannot receive, or why we do not know."""

    #: Not a valid participant id (e.g. a 0192 number failing mod-11): nothing asked.
    INVALID_ID = "peppol.invalid_id"
    #: The SML has no record for the participant (NXDOMAIN / no NAPTR): a definite no.
    NOT_REGISTERED = "peppol.not_registered"
    #: The SML points at an SMP that does not know the participant (HTTP 404).
    NOT_ON_SMP = "peppol.not_on_smp"
    #: The DNS could not answer (SERVFAIL, REFUSED, timeout): unknown, try again.
    DNS_FAILURE = "peppol.dns_failure"
    #: The SML's records hold no ``U`` / ``Meta:SMP`` pointer: a broken registration.
    NO_SMP_SERVICE = "peppol.no_smp_service"
    #: The SMP address is not HTTPS.
    INSECURE_SMP = "peppol.insecure_smp"
    #: No answer from the SMP (connection, timeout, TLS): unknown, try again.
    SMP_UNREACHABLE = "peppol.smp_unreachable"
    #: The SMP answered with an HTTP error or redirect (``status``): unknown.
    SMP_HTTP_ERROR = "peppol.smp_http_error"
    #: An answer that cannot be read (bad XML, a refused DTD, a bad NAPTR regexp).
    MALFORMED_ANSWER = "peppol.malformed_answer"
    #: The SMP does not list the ``document`` type: a definite no for it.
    DOCUMENT_NOT_SUPPORTED = "peppol.document_not_supported"
    #: The ``document`` type is listed but has no active AS4 endpoint for BIS Billing 3.0.
    NO_ENDPOINT = "peppol.no_endpoint"


#: Reasons that are a definite answer; the others mean "unknown, ask again later".
DEFINITE = frozenset(
    {
        PeppolReason.INVALID_ID,
        PeppolReason.NOT_REGISTERED,
        PeppolReason.NOT_ON_SMP,
        PeppolReason.DOCUMENT_NOT_SUPPORTED,
        PeppolReason.NO_ENDPOINT,
    }
)

Param = str | int


@dataclass(frozen=True, slots=True)
class PeppolLookup:
    """The answer of one look-up."""

    #: The identifier value, ``0192:923609016`` (as given when it is not valid).
    participant: str
    #: When the look-up was made (given by the caller's clock).
    checked_at: dt.datetime
    can_receive_invoice: bool
    can_receive_credit_note: bool
    #: The SMP's base URL, from the SML.
    smp_url: str | None = None
    #: The access point's AS4 address for invoices (else credit notes), if found.
    endpoint_url: str | None = None
    transport_profile: str | None = None
    #: Why not both documents can be received, or why the answer is unknown.
    reason: PeppolReason | None = None
    #: The reason's parameters (``status``, ``document``, ``detail``).
    reason_params: tuple[tuple[str, Param], ...] = ()

    @property
    def definite(self) -> bool:
        """Whether this is a real yes/no (not a failure to find out)."""
        return self.reason is None or self.reason in DEFINITE


@dataclass(frozen=True, slots=True)
class PeppolSettings:
    sml_zone: str = PRODUCTION_SML_ZONE
    #: ``(host, port)`` of the DNS server to ask; None = the system's resolvers.
    dns_server: tuple[str, int] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PeppolSettings:
        env = os.environ if environ is None else environ
        zone = env.get(SML_ZONE_ENV, "").strip() or PRODUCTION_SML_ZONE
        server = env.get(DNS_SERVER_ENV, "").strip()
        if not server:
            return cls(sml_zone=zone)
        host, _, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
        return cls(sml_zone=zone, dns_server=(host or server, int(port) if port else 53))

    def resolver(self) -> DnsResolver:
        if self.dns_server is None:
            return DnsResolver()
        return DnsResolver(self.dns_server[0], self.dns_server[1])


class _Stop(Exception):
    def __init__(self, reason: PeppolReason, **params: Param) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = tuple(params.items())


def lookup(
    participant_id: str,
    *,
    now: dt.datetime,
    sml_zone: str = PRODUCTION_SML_ZONE,
    resolver: NaptrResolver | None = None,
    http: HttpGet | None = None,
    insecure_loopback: bool = False,
) -> PeppolLookup:
    """Look a participant up in the SML and its SMP; never raises for network trouble.

    ``now`` is the caller's clock (activation windows are checked against it).
    ``insecure_loopback`` lets tests use a plain-HTTP SMP on 127.0.0.1.
    """
    value = normalise_participant(participant_id)
    if value is None:
        return _no(participant_id.strip(), now, None, _Stop(PeppolReason.INVALID_ID))
    base: str | None = None
    try:
        base = _smp_base(value, sml_zone, resolver or DnsResolver())
        return _Smp(http or UrllibHttp(), now, insecure_loopback).ask(value, base)
    except _Stop as stop:
        return _no(value, now, base, stop)


def _no(value: str, now: dt.datetime, base: str | None, stop: _Stop) -> PeppolLookup:
    return PeppolLookup(
        participant=value,
        checked_at=now,
        can_receive_invoice=False,
        can_receive_credit_note=False,
        smp_url=base,
        reason=stop.reason,
        reason_params=stop.params,
    )


def _smp_base(value: str, zone: str, resolver: NaptrResolver) -> str:
    qname = naptr_name(value, zone)
    try:
        records = smp_records(resolver.naptr(qname))
    except NotRegistered:
        raise _Stop(PeppolReason.NOT_REGISTERED) from None
    except DnsFailure as exc:
        raise _Stop(PeppolReason.DNS_FAILURE, detail=exc.message) from None
    if not records:
        raise _Stop(PeppolReason.NO_SMP_SERVICE)
    try:
        base = apply_regexp(records[0].regexp, qname)
    except BadNaptr as exc:
        raise _Stop(PeppolReason.MALFORMED_ANSWER, detail=exc.message) from None
    return base


@dataclass(frozen=True, slots=True)
class _Smp:
    """The questions put to one participant's SMP."""

    http: HttpGet
    now: dt.datetime
    insecure_loopback: bool

    def get(self, url: str) -> bytes | None:
        """The body of a 200 answer, None for 404; other outcomes stop the look-up."""
        if not allowed_base(url, insecure_loopback=self.insecure_loopback):
            raise _Stop(PeppolReason.INSECURE_SMP, url=url)
        try:
            answer = self.http.get(url)
        except SmpUnreachable as exc:
            raise _Stop(PeppolReason.SMP_UNREACHABLE, detail=exc.message) from None
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise _Stop(PeppolReason.SMP_HTTP_ERROR, status=answer.status)
        return answer.body

    def ask(self, value: str, base: str) -> PeppolLookup:
        group_url = f"{base.rstrip('/')}/{participant_path(value)}"
        body = self.get(group_url)
        if body is None:
            raise _Stop(PeppolReason.NOT_ON_SMP)
        try:
            listed = service_group_doctypes(body)
            found = {d: self.endpoints(group_url, d, listed) for d in PeppolDocument}
        except MalformedAnswer as exc:
            raise _Stop(PeppolReason.MALFORMED_ANSWER, detail=exc.message) from None
        endpoint = next((e for _, endpoints in found.values() for e in endpoints), None)
        missing = [(d, why) for d, (why, _) in found.items() if why is not None]
        return PeppolLookup(
            participant=value,
            checked_at=self.now,
            can_receive_invoice=found[PeppolDocument.INVOICE][0] is None,
            can_receive_credit_note=found[PeppolDocument.CREDIT_NOTE][0] is None,
            smp_url=base,
            endpoint_url=endpoint.url if endpoint else None,
            transport_profile=endpoint.transport_profile if endpoint else None,
            reason=missing[0][1] if missing else None,
            reason_params=(("document", missing[0][0].value),) if missing else (),
        )

    def endpoints(
        self, group_url: str, document: PeppolDocument, listed: frozenset[str]
    ) -> tuple[PeppolReason | None, tuple[Endpoint, ...]]:
        """The document's usable endpoints, or the reason there are none."""
        wanted = DOCUMENT_TYPES[document]
        if not any(same_doctype(ident, wanted) for ident in listed):
            return PeppolReason.DOCUMENT_NOT_SUPPORTED, ()
        metadata = self.metadata(f"{group_url}/services/{quote_all(wanted)}")
        if metadata is not None and metadata.redirect is not None:
            metadata = self.metadata(metadata.redirect)  # the first Redirect only
            if metadata is not None and metadata.redirect is not None:
                raise MalformedAnswer("a second Redirect (a client follows only the first)")
        if metadata is None:
            return PeppolReason.DOCUMENT_NOT_SUPPORTED, ()
        if not metadata.endpoints:
            return PeppolReason.NO_ENDPOINT, ()
        return None, metadata.endpoints

    def metadata(self, url: str) -> ServiceMetadata | None:
        body = self.get(url)
        return None if body is None else service_metadata(body, now=self.now)

"""Can a participant receive Peppol BIS Billing 3.0 invoices and credit notes?

Spec: ``shared/specs/peppol-lookup.md``. SML (U-NAPTR) → SMP base URL → ServiceGroup
(which document types) → ServiceMetadata per document type (billing process, an active
AS4 endpoint). Every outcome of §4 is a :class:`PeppolReason`; a look-up never raises
for what the network or the SMP did.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.messages import Message

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
from .reasons import DEFINITE, PeppolReason
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
    #: Why not both documents can be received, or why the answer is unknown: a
    #: :class:`PeppolReason` with its parameters (``document``, ``status``, ``detail``).
    reason: Message | None = None

    @property
    def definite(self) -> bool:
        """Whether this is a real yes/no (not a failure to find out)."""
        return self.reason is None or self.reason.code in DEFINITE


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
    def __init__(self, reason: PeppolReason, **params: str | int) -> None:
        super().__init__(reason)
        self.message = Message.of(reason, **params)


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
        reason=stop.message,
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
            reason=Message.of(missing[0][1], document=missing[0][0].value) if missing else None,
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

"""The U-NAPTR step of a Peppol look-up: which SMP serves a participant.

Spec: ``shared/specs/peppol-lookup.md`` §2 steps 4–6 and §4. The SML answers a NAPTR
query for the participant's name (:func:`~.identifiers.naptr_name`) with records such
as ``100 10 "U" "Meta:SMP" "!.*!https://smp.example/!" .``; the regexp of the first
``U`` / ``Meta:SMP`` record (by order, then preference), applied once and anchored, is
the SMP's base URL.

DNS outcomes are kept apart because they mean different things: NXDOMAIN (or no NAPTR
at all) is a definite "not registered"; SERVFAIL, REFUSED or a timeout is "unknown",
never "not registered".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reskontro.channels import ChannelError

if TYPE_CHECKING:
    import dns.resolver

#: The NAPTR service of an SMP pointer (compared without regard to case).
SMP_SERVICE = "meta:smp"


class NotRegistered(ChannelError):
    """The SML has no NAPTR record for the name (NXDOMAIN or no answer)."""


class DnsFailure(ChannelError):
    """The DNS could not answer (SERVFAIL, REFUSED, timeout): the answer is unknown."""


class BadNaptr(ChannelError):
    """A NAPTR record whose regexp cannot be applied."""


@dataclass(frozen=True, slots=True)
class NaptrRecord:
    """One NAPTR record, as text (RFC 3403)."""

    order: int
    preference: int
    flags: str
    service: str
    regexp: str


class NaptrResolver(Protocol):
    """Answers NAPTR queries; raises :class:`NotRegistered` or :class:`DnsFailure`."""

    def naptr(self, qname: str) -> list[NaptrRecord]: ...


class DnsResolver:
    """NAPTR look-ups with dnspython, through the system's resolvers or a given server.

    ``nameserver`` (an IP address) and ``port`` pick one server (a test stub on
    loopback, or a company's own resolver); without them the system configuration is
    read. ``timeout`` bounds the whole query, retries included.
    """

    def __init__(
        self, nameserver: str | None = None, port: int = 53, *, timeout: float = 5.0
    ) -> None:
        self.nameserver = nameserver
        self.port = port
        self.timeout = timeout

    def _resolver(self) -> dns.resolver.Resolver:
        import dns.resolver  # dnspython loads in 50 ms: only when a look-up is made

        if self.nameserver is None:
            resolver = dns.resolver.Resolver(configure=True)
        else:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = [self.nameserver]
            resolver.port = self.port
        resolver.lifetime = self.timeout
        resolver.timeout = self.timeout
        return resolver

    def naptr(self, qname: str) -> list[NaptrRecord]:
        import dns.exception
        import dns.rdatatype
        import dns.resolver

        try:
            answer = self._resolver().resolve(
                qname, dns.rdatatype.NAPTR, raise_on_no_answer=True, search=False
            )
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            raise NotRegistered(f"no NAPTR record for {qname}") from None
        except dns.exception.DNSException as exc:
            # NoNameservers (SERVFAIL, REFUSED from every server), LifetimeTimeout, ...
            raise DnsFailure(f"DNS look-up of {qname} failed: {type(exc).__name__}") from None
        return [
            NaptrRecord(
                order=rdata.order,
                preference=rdata.preference,
                flags=rdata.flags.decode("ascii", "replace"),
                service=rdata.service.decode("ascii", "replace"),
                regexp=rdata.regexp.decode("utf-8", "replace"),
            )
            for rdata in answer
        ]


def smp_records(records: list[NaptrRecord]) -> list[NaptrRecord]:
    """The ``U`` / ``Meta:SMP`` records, best first (order, then preference)."""
    found = [r for r in records if r.flags.lower() == "u" and r.service.lower() == SMP_SERVICE]
    return sorted(found, key=lambda r: (r.order, r.preference))


def apply_regexp(regexp: str, subject: str) -> str:
    """Apply a NAPTR ``delim ERE delim replacement delim [i]`` regexp once, anchored.

    >>> apply_regexp("!.*!https://smp.example/!", "abc.iso6523-actorid-upis.zone")
    'https://smp.example/'
    >>> apply_regexp("!^(.*)$!https://smp.example/\\\\1/!i", "x")
    'https://smp.example/x/'
    """
    if len(regexp) < 3:
        raise BadNaptr(f"NAPTR regexp {regexp!r} is too short")
    delim = regexp[0]
    if delim.isalnum() or delim == "\\":
        raise BadNaptr(f"NAPTR regexp {regexp!r} has an invalid delimiter")
    parts = regexp.split(delim)
    if len(parts) != 4 or parts[3] not in {"", "i"}:
        raise BadNaptr(f"NAPTR regexp {regexp!r} is not delim-ERE-delim-replacement-delim")
    _, pattern, replacement, flags = parts
    try:
        compiled = re.compile(pattern, re.IGNORECASE if flags == "i" else 0)
        match = compiled.fullmatch(subject)
        if match is None:
            raise BadNaptr(f"NAPTR regexp {regexp!r} does not match {subject}")
        return match.expand(replacement)
    except (re.error, IndexError) as exc:
        raise BadNaptr(f"NAPTR regexp {regexp!r} cannot be applied: {exc}") from None

"""Peppol participant look-up: can this business receive EHF invoices and credit notes?

Spec: ``shared/specs/peppol-lookup.md`` (SML 1.3.0 / SMP 1.4.0 / PFUOI 4.4.0, in force
since November 2025). Modules:

- :mod:`.identifiers` – participant ids, the SHA-256/Base32 DNS name, document types (pure);
- :mod:`.naptr` – the U-NAPTR query (dnspython) and the NAPTR regexp → SMP base URL;
- :mod:`.smp` – HTTP GETs (no redirects, timeouts) and the hardened SMP XML reading;
- :mod:`.lookup` – :func:`lookup` → :class:`PeppolLookup`, its reason a message whose
  code is a :class:`PeppolReason` (:mod:`.reasons`; texts in :mod:`reskontro.i18n.peppol`).
"""

from __future__ import annotations

from .identifiers import (
    DOCUMENT_TYPES,
    PRODUCTION_SML_ZONE,
    TEST_SML_ZONE,
    PeppolDocument,
    naptr_name,
    normalise_participant,
    participant_label,
)
from .lookup import (
    DNS_SERVER_ENV,
    SML_ZONE_ENV,
    PeppolLookup,
    PeppolSettings,
    lookup,
)
from .naptr import DnsResolver, NaptrRecord, NaptrResolver
from .reasons import DocumentName, PeppolReason
from .smp import HttpAnswer, HttpGet, UrllibHttp

__all__ = [
    "DNS_SERVER_ENV",
    "DOCUMENT_TYPES",
    "PRODUCTION_SML_ZONE",
    "SML_ZONE_ENV",
    "TEST_SML_ZONE",
    "DnsResolver",
    "DocumentName",
    "HttpAnswer",
    "HttpGet",
    "NaptrRecord",
    "NaptrResolver",
    "PeppolDocument",
    "PeppolLookup",
    "PeppolReason",
    "PeppolSettings",
    "UrllibHttp",
    "lookup",
    "naptr_name",
    "normalise_participant",
    "participant_label",
]

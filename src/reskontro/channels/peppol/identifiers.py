"""Peppol identifiers and the DNS name of a participant (pure, no I/O).

Spec: ``shared/specs/peppol-lookup.md`` §1–§3, after Peppol SML 1.3.0 / PFUOI 4.4.0 (in
force since 2025-11-01): the DNS label is the SHA-256 of the *lower-cased identifier
value* (``0192:923609016``, never the ``iso6523-actorid-upis::`` form), Base32 without
the ``=`` padding, under ``<scheme>.<SML zone>``. The old ``B-`` + MD5 CNAME names are
not used.

>>> participant_label("0088:123abc")
'y7dzfxaf3d4cjz4kcgrxtec6twvcga4ky7zwa5boif6mswd4tdrq'
>>> naptr_name("0088:123ABC", "participant.sml.test.tech.peppol.org")
'y7dzfxaf3d4cjz4kcgrxtec6twvcga4ky7zwa5boif6mswd4tdrq.iso6523-actorid-upis.participant.sml.test.tech.peppol.org'
"""

from __future__ import annotations

import base64
import hashlib
import re
from enum import StrEnum
from urllib.parse import quote

from stdnum.no import orgnr

#: The participant identifier scheme; also the DNS label between hash and zone.
PARTICIPANT_SCHEME = "iso6523-actorid-upis"
#: OpenPeppol's production SML zone (since the SML moved from the EC, see §0).
PRODUCTION_SML_ZONE = "participant.sml.prod.tech.peppol.org"
#: The test SML zone.
TEST_SML_ZONE = "participant.sml.test.tech.peppol.org"
#: Norwegian organisation number (Brønnøysund), the ICD of Norwegian participants.
NORWEGIAN_ICD = "0192"
#: The old Norwegian scheme, removed 2023-05-24 ("use 0192 instead"): never looked up.
REMOVED_ICDS = frozenset({"9908"})

#: The process of Peppol BIS Billing 3.0.
BILLING_PROCESS = "cenbii-procid-ubl::urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
#: The only active transport profile.
AS4_TRANSPORT_PROFILE = "peppol-transport-as4-v2_0"

_ICD = re.compile(r"[0-9]{4}")


class PeppolDocument(StrEnum):
    """The document types reskontro sends through Peppol."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def identifier(self) -> str:
        """The full document type identifier (scheme ``::`` value), compared exactly."""
        return DOCUMENT_TYPES[self]


#: Peppol BIS Billing 3.0 document type identifiers (code list, active).
DOCUMENT_TYPES: dict[PeppolDocument, str] = {
    PeppolDocument.INVOICE: (
        "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
        "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
    ),
    PeppolDocument.CREDIT_NOTE: (
        "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
        "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
    ),
}


def normalise_participant(participant_id: str) -> str | None:
    """The identifier value (``0192:923609016``) of a participant id, or None if invalid.

    Accepts the value or the full ``iso6523-actorid-upis::`` form, with blanks. A
    ``0192`` number must pass the organisation number's mod-11 check; the removed
    ``9908`` scheme is refused.

    >>> normalise_participant(" iso6523-actorid-upis::0192:923 609 016 ")
    '0192:923609016'
    >>> normalise_participant("0192:923609017") is None
    True
    """
    value = participant_id.strip()
    prefix = PARTICIPANT_SCHEME + "::"
    if value.lower().startswith(prefix):
        value = value[len(prefix) :]
    icd, sep, ident = value.partition(":")
    icd = icd.strip()
    ident = "".join(ident.split())
    if not sep or not _ICD.fullmatch(icd) or not ident or icd in REMOVED_ICDS:
        return None
    if icd == NORWEGIAN_ICD:
        if not orgnr.is_valid(ident):
            return None
        ident = orgnr.compact(ident)
    return f"{icd}:{ident}"


def participant_label(value: str) -> str:
    """The DNS label of a participant: Base32(SHA-256(lower(value))) without ``=``."""
    digest = hashlib.sha256(value.lower().encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def naptr_name(value: str, sml_zone: str) -> str:
    """The name whose NAPTR records point at the participant's SMP."""
    return f"{participant_label(value)}.{PARTICIPANT_SCHEME}.{sml_zone.strip('.').lower()}"


def participant_path(value: str) -> str:
    """The full participant id as it stands, percent-encoded, in an SMP URL path."""
    return quote_all(f"{PARTICIPANT_SCHEME}::{value}")


def quote_all(text: str) -> str:
    """Percent-encode everything but unreserved characters (``::`` → ``%3A%3A``).

    >>> quote_all("busdox-docid-qns::a##b")
    'busdox-docid-qns%3A%3Aa%23%23b'
    """
    return quote(text, safe="")

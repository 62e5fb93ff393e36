"""Why a Peppol look-up says no, or could not say (codes for :mod:`reskontro.messages`).

Light on purpose (no DNS, HTTP or XML import): the catalogue imports it.
"""

from __future__ import annotations

from enum import StrEnum


class PeppolReason(StrEnum):
    """Why a participant cannot receive, or why we do not know (spec §4)."""

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
    #: The SMP address (or a redirect) is not HTTPS (``url``).
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
DEFINITE: frozenset[str] = frozenset(
    {
        PeppolReason.INVALID_ID,
        PeppolReason.NOT_REGISTERED,
        PeppolReason.NOT_ON_SMP,
        PeppolReason.DOCUMENT_NOT_SUPPORTED,
        PeppolReason.NO_ENDPOINT,
    }
)


class DocumentName(StrEnum):
    """The names of the document types, for ``{document:@peppol.document}`` in texts."""

    INVOICE = "peppol.document.invoice"
    CREDIT_NOTE = "peppol.document.credit_note"


class PeppolCheckError(StrEnum):
    """Why a customer cannot be looked up at all."""

    #: No Peppol id on the card, and not a Norwegian business with an org. number.
    NO_PARTICIPANT_ID = "peppol.no_participant_id"

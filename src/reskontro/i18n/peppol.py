"""Texts of the Peppol look-up (:mod:`reskontro.channels.peppol`,
:mod:`reskontro.services.delivery.peppol`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.channels.peppol.reasons import DocumentName, PeppolCheckError, PeppolReason

if TYPE_CHECKING:
    from enum import StrEnum

R = PeppolReason

TEXTS: dict[StrEnum, tuple[str, str]] = {
    R.INVALID_ID: (
        "{participant} is not a valid Peppol participant id"
        " (for a Norwegian business: 0192: and its organisation number)",
        "{participant} er ikke en gyldig Peppol-deltaker-ID"
        " (for en norsk virksomhet: 0192: og organisasjonsnummeret)",
    ),
    R.NOT_REGISTERED: (
        "not registered in the Peppol network (the SML has no entry)",
        "ikke registrert i Peppol-nettverket (ingen oppføring i SML)",
    ),
    R.NOT_ON_SMP: (
        "not registered in the Peppol network (its SMP does not know it)",
        "ikke registrert i Peppol-nettverket (SMP-en kjenner den ikke)",
    ),
    R.DNS_FAILURE: (
        "the Peppol look-up got no answer from DNS ({detail}); try again later",
        "Peppol-oppslaget fikk ikke svar fra DNS ({detail}); prøv igjen senere",
    ),
    R.NO_SMP_SERVICE: (
        "the Peppol registration points at no SMP; try again later",
        "Peppol-registreringen peker ikke til noen SMP; prøv igjen senere",
    ),
    R.INSECURE_SMP: (
        "the Peppol SMP address is not HTTPS and was not used: {url}",
        "adressen til Peppol-SMP-en er ikke HTTPS og ble ikke brukt: {url}",
    ),
    R.SMP_UNREACHABLE: (
        "the Peppol SMP did not answer ({detail}); try again later",
        "Peppol-SMP-en svarte ikke ({detail}); prøv igjen senere",
    ),
    R.SMP_HTTP_ERROR: (
        "the Peppol SMP answered HTTP {status}; try again later",
        "Peppol-SMP-en svarte HTTP {status}; prøv igjen senere",
    ),
    R.MALFORMED_ANSWER: (
        "the Peppol answer could not be read ({detail})",
        "Peppol-svaret kunne ikke leses ({detail})",
    ),
    R.DOCUMENT_NOT_SUPPORTED: (
        "cannot receive a Peppol BIS Billing 3.0 {document:@peppol.document}",
        "kan ikke motta {document:@peppol.document} som Peppol BIS Billing 3.0",
    ),
    R.NO_ENDPOINT: (
        "has no active Peppol access point (AS4) for a {document:@peppol.document}",
        "har ikke noe aktivt Peppol-aksesspunkt (AS4) for {document:@peppol.document}",
    ),
    PeppolCheckError.NO_PARTICIPANT_ID: (
        "customer {customer} has no Peppol id, and no organisation number of a Norwegian"
        " business to make one from",
        "kunde {customer} har ingen Peppol-ID, og ikke noe organisasjonsnummer for en norsk"
        " virksomhet å lage en av",
    ),
    DocumentName.INVOICE: ("invoice", "faktura"),
    DocumentName.CREDIT_NOTE: ("credit note", "kreditnota"),
}

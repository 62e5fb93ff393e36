"""The statutory texts of the follow-up letters, in one place, each with its source.

What a reminder (purring), an inkassovarsel and a betalingsoppfordring must say comes
from the law; each text here names the provision it fulfils and where it was read
(``shared/specs/norwegian-rules.md`` quotes the primary texts). The letters
(:mod:`.letters`) and their e-mails (:mod:`.message`) take these words through
:class:`~reskontro.formats.pdf.texts.Texts`; nothing else writes them.

Wording is versioned: a letter records the :data:`WORDING` it was made with, so that a
letter sent before a correction is made again with the words it had (its PDF's SHA-256
stays the same). Version 2 (December 2026) says an inkassovarsel *may* lead to further
costs rather than that it will (Finansklagenemnda objects to stating costs as certain).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The wording new letters are made with; older letters keep theirs.
WORDING = 2

SPEC = "shared/specs/norwegian-rules.md"
INKASSOLOVEN = "https://lovdata.no/lov/1988-05-13-26"
INKASSOFORSKRIFTEN = "https://lovdata.no/forskrift/1989-07-14-562"
RENTELOVEN = "https://lovdata.no/lov/1976-12-17-100"


@dataclass(frozen=True, slots=True)
class StatutoryText:
    """One text a letter must carry: its words and where the duty comes from."""

    key: str
    nb: str
    en: str
    #: The provision (law and paragraph) the text fulfils.
    law: str
    url: str
    spec: str = SPEC


REMINDER = (
    StatutoryText(
        "reminder_intro",
        "Vi kan ikke se å ha mottatt betaling for faktura nr. {number}, som forfalt {due}."
        " Vi ber deg betale {amount} kroner innen {deadline}.",
        "We have not received payment of invoice no. {number}, due {due}. Please pay NOK"
        " {amount} by {deadline}.",
        "inkassoforskriften § 1-2 første ledd (kravets størrelse og hva kravet gjelder)",
        INKASSOFORSKRIFTEN,
        f"{SPEC} § 2",
    ),
    StatutoryText(
        "fee_law",
        "Gebyr etter inkassoforskriften § 1-2.",
        "Fee under the Debt Collection Regulations (inkassoforskriften) § 1-2.",
        "inkassoforskriften §§ 1-2, 1-3",
        INKASSOFORSKRIFTEN,
        f"{SPEC} § 2",
    ),
    StatutoryText(
        "interest_text",
        "Forsinkelsesrente etter forsinkelsesrenteloven er påløpt med {amount} kroner fra"
        " {first} til {last} ({rates} per år av utestående hovedstol). Renten løper til"
        " betaling skjer og kan bli krevd særskilt.",
        "Late-payment interest under the Norwegian Late Payment Interest Act has accrued"
        " with NOK {amount} from {first} to {last} ({rates} per annum on the outstanding"
        " principal). Interest runs until payment and may be claimed separately.",
        "forsinkelsesrenteloven §§ 2-3",
        RENTELOVEN,
        f"{SPEC} § 3",
    ),
    StatutoryText(
        "objection",
        "Mener du at kravet ikke er riktig, ber vi deg ta kontakt med oss før fristen går ut.",
        "If you believe the claim is not correct, please contact us before the deadline.",
        "inkassoloven § 17 annet ledd (innsigelser)",
        INKASSOLOVEN,
        f"{SPEC} § 1 (8)",
    ),
)

NOTICE = (
    StatutoryText(
        "notice_warning",
        "Dersom beløpet på {amount} kroner ikke er betalt innen {deadline}, vil kravet bli"
        " sendt til inkasso. Det kan føre til ytterligere kostnader for deg.",
        "If NOK {amount} has not been paid by {deadline}, the claim will be sent to debt"
        " collection. This may cause further costs for you.",
        "inkassoloven § 9 første ledd (varsel om at inkasso vil bli iverksatt)",
        INKASSOLOVEN,
        f"{SPEC} § 1 (2)",
    ),
    StatutoryText(
        "notice_law",
        "Dette er et varsel etter inkassoloven § 9. Betalingsfristen er minst 14 dager fra"
        " varselet ble sendt. Betalingen er i tide hvis betalingsoppdraget er mottatt av"
        " banken innen fristen.",
        "This is a notice under section 9 of the Norwegian Debt Collection Act"
        " (inkassoloven). The deadline is at least 14 days from when the notice was sent."
        " The payment is in time if your bank has received the payment order by the"
        " deadline.",
        "inkassoloven § 9 første og tredje ledd (frist på minst 14 dager; betaling i tide)",
        INKASSOLOVEN,
        f"{SPEC} § 1 (3), (4)",
    ),
)

DEMAND = (
    StatutoryText(
        "demand_intro",
        "{creditor} har ikke mottatt betaling for faktura nr. {number} av {invoice_date},"
        " som forfalt {due}, og heller ikke innen fristen {notice_deadline} i"
        " inkassovarselet. Kravet gjelder: {subject}.",
        "{creditor} has not received payment of invoice no. {number} of {invoice_date},"
        " due {due}, nor by the deadline {notice_deadline} in the debt collection notice."
        " The claim concerns: {subject}.",
        "inkassoloven § 10 første ledd bokstav a og b (fordringshaver; hva kravet gjelder)",
        INKASSOLOVEN,
        f"{SPEC} § 1, Betalingsoppfordring",
    ),
    StatutoryText(
        "demand_pay_or_object",
        "Vi oppfordrer deg til å betale {amount} kroner eller komme med innsigelser mot"
        " kravet innen {deadline}. Hovedstol, gebyrer og renter er vist hver for seg over.",
        "We ask you to pay NOK {amount} or to object to the claim by {deadline}. The"
        " principal, fees and interest are shown separately above.",
        "inkassoloven § 10 første ledd (betale eller komme med innsigelser innen minst 14"
        " dager) og bokstav c (hovedstol og tilleggskrav hver for seg)",
        INKASSOLOVEN,
        f"{SPEC} § 1, Betalingsoppfordring",
    ),
    StatutoryText(
        "demand_interest",
        "Forsinkelsesrenten er {rates} per år og løper fra {interest_from}.",
        "Late-payment interest is {rates} per annum and runs from {interest_from}.",
        "inkassoloven § 10 første ledd bokstav d (rentesats og fra hvilken dag renten løper)",
        INKASSOLOVEN,
        f"{SPEC} § 1, Betalingsoppfordring",
    ),
    StatutoryText(
        "demand_warning",
        "Betales ikke kravet innen fristen, kan det føre til ytterligere kostnader for deg"
        " og til at kravet blir inndrevet rettslig.",
        "If the claim is not paid by the deadline, this may cause further costs for you"
        " and legal collection of the claim.",
        "inkassoloven § 10 første ledd bokstav e (ytterligere kostnader og rettslig inndrivelse)",
        INKASSOLOVEN,
        f"{SPEC} § 1, Betalingsoppfordring",
    ),
    StatutoryText(
        "demand_fee_law",
        "Gebyr for betalingsoppfordring etter inkassoforskriften § 1-2 (tre tjuedeler av"
        " inkassosatsen).",
        "Fee for a demand for payment under inkassoforskriften § 1-2 (three twentieths of"
        " the inkassosats).",
        "inkassoforskriften § 1-2 første ledd tredje punktum, § 1-3",
        INKASSOFORSKRIFTEN,
        f"{SPEC} § 2",
    ),
)

#: Texts a letter made with an older wording keeps (key → (wording, nb, en)).
EARLIER = {
    ("notice_warning", 1): (
        "Dersom beløpet på {amount} kroner ikke er betalt innen {deadline}, vil kravet bli"
        " sendt til inkasso. Det vil føre til ytterligere kostnader for deg.",
        "If NOK {amount} has not been paid by {deadline}, the claim will be sent to debt"
        " collection. This will cause further costs for you.",
    ),
}

ALL = REMINDER + NOTICE + DEMAND
NB: dict[str, str] = {s.key: s.nb for s in ALL}
EN: dict[str, str] = {s.key: s.en for s in ALL}


def worded(key: str, wording: int, language: str) -> str | None:
    """The text of ``key`` as a letter of ``wording`` had it, when it differs from now."""
    old = EARLIER.get((key, wording))
    if old is None:
        return None
    return old[1] if language == "en" else old[0]


__all__ = [
    "ALL",
    "DEMAND",
    "EARLIER",
    "EN",
    "NB",
    "NOTICE",
    "REMINDER",
    "WORDING",
    "StatutoryText",
    "worded",
]

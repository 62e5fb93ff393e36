"""Follow-up's texts for waiting on the bank (:mod:`reskontro.domain.followup_pace`)."""

from __future__ import annotations

from typing import Final

from reskontro.domain.followup_pace import PaceCode

TEXTS: Final[dict[PaceCode, tuple[str, str]]] = {
    PaceCode.FETCH_FAILED: (
        "today's fetch of bank files failed ({channels}): payments made yesterday may be"
        " missing, so no letters go out; fetch again, or send anyway",
        "dagens henting av bankfiler feilet ({channels}): innbetalinger fra i går kan"
        " mangle, så ingen brev sendes; hent på nytt, eller send likevel",
    ),
    PaceCode.NO_BANK_FILE: (
        "no bank file has been imported yet: payments may be missing, so no letters go"
        " out; import or fetch the bank's files, or send anyway",
        "ingen bankfil er lest inn ennå: innbetalinger kan mangle, så ingen brev sendes;"
        " les inn eller hent bankfilene, eller send likevel",
    ),
    PaceCode.BANK_FILE_OLD: (
        "the last bank file came on {day:date}, more than {days} bank day(s) ago"
        " (the oldest allowed is {oldest:date}): payments may be missing, so no letters go"
        " out; fetch the bank's files, or send anyway",
        "siste bankfil kom {day:date}, mer enn {days} bankdag(er) siden (eldste tillatte"
        " er {oldest:date}): innbetalinger kan mangle, så ingen brev sendes; hent"
        " bankfilene, eller send likevel",
    ),
    PaceCode.PAYMENTS_NOT_IN: (
        "a payment made on the deadline {deadline:date} reaches the bank by {arrives:date};"
        " the bank files read so far cover {through:date}",
        "en betaling gjort på fristen {deadline:date} er i banken innen {arrives:date};"
        " bankfilene som er lest inn dekker til og med {through:date}",
    ),
    PaceCode.SENT_ANYWAY: (
        "sent anyway, although the bank's files may be missing payments",
        "sendt likevel, selv om bankfilene kan mangle innbetalinger",
    ),
    PaceCode.POLICY_TRANSIT: (
        "the bank days a payment needs must be 0 to 10",
        "bankdager en betaling trenger må være 0 til 10",
    ),
    PaceCode.POLICY_FRESH: (
        "the age allowed for the last bank file must be 0 to 10 bank days",
        "tillatt alder for siste bankfil må være 0 til 10 bankdager",
    ),
}

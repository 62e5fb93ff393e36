"""Texts of a follow-up run in the background (:mod:`reskontro.services.followup.run_jobs`)."""

from __future__ import annotations

from typing import Final

from reskontro.services.followup.run_jobs import RunCode

TEXTS: Final = {
    RunCode.NO_RUN: (
        "no such run: a finished run's page is kept for {days} days (its letters stay"
        " on each invoice's page)",
        "fant ikke kjøringen: siden til en ferdig kjøring tas vare på i {days} dager"
        " (brevene står fortsatt på hver faktura)",
    ),
    RunCode.CANCELLED: (
        "Cancelled after {done} of {total}: the letters below are made and kept; the rest"
        " were not made. Run again to make them.",
        "Avbrutt etter {done} av {total}: brevene under er laget og tatt vare på; resten"
        " ble ikke laget. Kjør på nytt for å lage dem.",
    ),
    RunCode.INTERRUPTED: (
        "The run was interrupted (the server stopped). Letters it recorded before it stopped"
        " are kept and not sent twice; look at the preview and run again.",
        "Kjøringen ble avbrutt (serveren stoppet). Brev den rakk å registrere er tatt vare"
        " på og sendes ikke to ganger; se forhåndsvisningen og kjør på nytt.",
    ),
    RunCode.FAILED: (
        "The run failed. Look at the preview: whatever it recorded is not sent twice.",
        "Kjøringen feilet. Se forhåndsvisningen: det den rakk å registrere sendes ikke to ganger.",
    ),
}

"""Texts of a follow-up run in the background (:mod:`reskontro.services.followup.run_jobs`)."""

from __future__ import annotations

from typing import Final

from reskontro.services.followup.run_jobs import RunCode

TEXTS: Final = {
    RunCode.NO_RUN: ("no such run", "fant ikke kjøringen"),
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

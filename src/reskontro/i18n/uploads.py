"""Texts of an upload and its background import (:mod:`reskontro.services.payments.jobs`)."""

from __future__ import annotations

from typing import Final

from reskontro.services.payments.file_problems import FileProblemCode
from reskontro.services.payments.jobs import UploadCode

TEXTS: Final = {
    # A file's problem known only by its English text (the readers of ``formats/`` and
    # rows stored before the codes): shown as it was written.
    FileProblemCode.AS_WRITTEN: ("{text}", "{text}"),
    UploadCode.NO_FILE: ("choose a file to upload", "velg en fil å laste opp"),
    UploadCode.NO_JOB: (
        "no import job {job}: a finished import's page is kept for {days} days (the file"
        " stays under Payments)",
        "fant ingen innlesing med id {job}: siden til en ferdig innlesing tas vare på i"
        " {days} dager (filen finnes fortsatt under Innbetalinger)",
    ),
    UploadCode.TOO_LARGE: (
        "the request is larger than {limit_mb} MB",
        "forespørselen er større enn {limit_mb} MB",
    ),
    UploadCode.IMPORTED: (
        "{name}: {n} payments of {amount_ore:kr} in all are imported.",
        "{name}: {n} betalinger på til sammen {amount_ore:kr} er lest inn.",
    ),
    UploadCode.DUPLICATE: (
        "{name} was imported before; nothing was booked again.",
        "{name} er lest inn før; ingenting ble bokført på nytt.",
    ),
    UploadCode.REJECTED: (
        "{name} was rejected; nothing was booked, and the file is kept for inspection.",
        "{name} ble avvist; ingenting ble bokført, og filen er tatt vare på.",
    ),
    UploadCode.INTERRUPTED: (
        "The import of {name} was interrupted (the server stopped); nothing was booked."
        " Upload the file again.",
        "Innlesingen av {name} ble avbrutt (serveren stoppet); ingenting ble bokført."
        " Last opp filen på nytt.",
    ),
    UploadCode.FAILED: (
        "The import of {name} failed; nothing was booked.",
        "Innlesingen av {name} feilet; ingenting ble bokført.",
    ),
}

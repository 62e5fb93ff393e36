"""What an import did: :class:`ImportSummary`, the result ``--json`` prints
(ACCEPTANCE.md), and the tally the booking keeps while it works."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from reskontro.domain.matching import Outcome
from reskontro.domain.payment import ImportStatus, PaymentState
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from reskontro.domain.payment import FileFormat
    from reskontro.errors import FileFormatError
    from reskontro.services.avtalegiro.settlement import MandateCounts
    from reskontro.storage.models import BankFile

#: How many touched invoices a summary lists (notifications show the first ones).
MAX_INVOICES = 1000


class FileProblem(TypedDict, total=False):
    """One problem of a rejected file, where it is: the English text of the CLI, and
    ``reason``, the problem as a code with its parameters when it has one (a file's page
    renders it in the reader's language; summaries stored before have none)."""

    line: int | None
    path: str | None
    message: str
    reason: dict[str, object] | None


class FileError(TypedDict, total=False):
    """Why a file was rejected, and where (every key is there in a summary).

    ``message`` is the first problem in English; ``reason`` is it as a code with its
    parameters when it has one (rendered in the reader's language); ``problems`` is
    every problem of the file, the first one included, each with its place.
    """

    line: int | None
    message: str
    field: str | None
    path: str | None
    reason: dict[str, object] | None
    problems: list[FileProblem]


def file_error(exc: FileFormatError) -> FileError:
    """The :class:`FileError` of a rejection, with every problem the error carries."""
    return {
        "line": exc.line, "message": str(exc), "field": exc.field, "path": exc.path,
        "reason": None if exc.msg is None else exc.msg.to_json(),
        "problems": [
            {"line": problem.line, "path": problem.path, "message": problem.reason,
             "reason": None if problem.msg is None else problem.msg.to_json()}
            for problem in exc.every
        ],
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvoiceTouched:
    """An invoice an import paid (or reversed a payment of)."""

    number: int
    amount_ore: int
    outcome: Outcome
    open_ore: int


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did; ``--json`` prints this (ACCEPTANCE.md)."""

    status: ImportStatus
    filename: str = ""
    file_id: int | None = None
    format: FileFormat | None = None
    sha256: str | None = None
    payments: int = 0
    amount_ore: int = 0
    matched: int = 0
    partial: int = 0
    overpaid: int = 0
    reversed: int = 0
    unmatched: int = 0
    #: Of the unmatched: waiting in the voucher inbox, posted to a customer, ignored.
    inbox: int = 0
    posted: int = 0
    ignored: int = 0
    #: Payments booked before from another file (the bank's key, or the same payment
    #: in another format): skipped.
    duplicate_payments: int = 0
    error: FileError | None = None
    notes: tuple[str, ...] = ()
    #: Per invoice touched: number, amount, outcome, what is still open (the first
    #: :data:`MAX_INVOICES`).
    invoices: tuple[InvoiceTouched, ...] = ()
    #: A Nets file with an AvtaleGiro mandate list: what the list did.
    mandates: MandateCounts | None = field(default=None, metadata={"omit_none": True})
    #: Of the inbox: payments that may repeat one booked from another file.
    possible_duplicates: int = 0

    @property
    def duplicates(self) -> int:
        """The payments not booked because they were booked before (``duplicates``)."""
        return self.duplicate_payments

    def to_json(self) -> dict[str, object]:
        """The summary as JSON values (the CLI's ``--json``, the API, the stored copy)."""
        result: dict[str, object] = to_jsonable(self)
        result["duplicates"] = self.duplicate_payments
        return result


def duplicate_of(seen: BankFile, filename: str) -> ImportSummary:
    """The answer to bytes that were imported before: nothing booked."""
    from reskontro.domain.payment import FileFormat

    return ImportSummary(
        status=ImportStatus.DUPLICATE,
        filename=filename,
        file_id=seen.id,
        format=FileFormat(seen.format),
        sha256=seen.sha256,
        notes=(
            f"the same bytes were imported on {seen.imported_at:%Y-%m-%d %H:%M}"
            f" as {seen.filename!r}; nothing booked",
        ),
    )


@dataclass(slots=True)
class Tally:
    """The counts of an import while it books (made into an :class:`ImportSummary`)."""

    payments: int = 0
    amount_ore: int = 0
    outcomes: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    states: dict[PaymentState, int] = field(default_factory=lambda: dict.fromkeys(PaymentState, 0))
    duplicate_payments: int = 0
    possible_duplicates: int = 0
    invoices: list[InvoiceTouched] = field(default_factory=list)

    def summary(
        self,
        *,
        filename: str,
        file_id: int,
        file_format: FileFormat,
        sha256: str,
        notes: tuple[str, ...],
    ) -> ImportSummary:
        o = self.outcomes
        return ImportSummary(
            status=ImportStatus.IMPORTED, filename=filename, file_id=file_id, format=file_format,
            sha256=sha256, payments=self.payments, amount_ore=self.amount_ore,
            matched=o[Outcome.MATCHED], partial=o[Outcome.PARTIAL], overpaid=o[Outcome.OVERPAID],
            reversed=o[Outcome.REVERSED], unmatched=o[Outcome.UNMATCHED],
            inbox=self.states[PaymentState.INBOX], posted=self.states[PaymentState.POSTED],
            ignored=self.states[PaymentState.IGNORED],
            duplicate_payments=self.duplicate_payments, notes=notes,
            invoices=tuple(self.invoices[:MAX_INVOICES]),
            possible_duplicates=self.possible_duplicates,
        )  # fmt: skip


__all__ = [
    "FileError",
    "FileProblem",
    "ImportSummary",
    "InvoiceTouched",
    "Tally",
    "duplicate_of",
    "file_error",
]

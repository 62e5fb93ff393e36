"""AvtaleGiro in the object layer: claims, cancellations and mandate (FBO) lists.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §3.2-3.7 (claims to Nets and
their cancellations, with specification records) and §4.2 (the FBO mandate list from
Nets). Reading them from records is :mod:`~reskontro.formats.nets.reading`; the file
around them is :class:`~reskontro.formats.nets.objects.Transmission`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.formats.nets.checks import AvtaleGiroControl, check_ascending, min_max
from reskontro.formats.nets.codes import NetsNumber, problem
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.enums import AssignmentType, AvtaleGiroTransactionType
from reskontro.formats.nets.records import (
    AgreementRecord,
    AvtaleGiroAmountItem1,
    AvtaleGiroAmountItem2,
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAssignmentStart,
    SpecificationRecord,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.formats.nets.enums import RegistrationType
    from reskontro.formats.nets.records import (
        Record,
    )

__all__ = [
    "MAX_SPECIFICATIONS",
    "Agreement",
    "AgreementAssignment",
    "AvtaleGiroClaim",
    "ClaimAssignment",
    "Specification",
    "specifications_from_text",
]

#: Most specification records per claim (42 lines x 2 columns, spec §3.5).
MAX_SPECIFICATIONS = 84


@dataclass(frozen=True, slots=True)
class Specification:
    """One specification record's text: half a line of the payer's notice (§3.5)."""

    #: Line 1-42.
    line: int
    #: Column 1 (characters 1-40) or 2 (characters 41-80).
    column: int
    #: The text, at most 40 characters, not blank.
    text: str


def specifications_from_text(text: str) -> tuple[Specification, ...]:
    """Split a notice text (up to 42 lines of 80 characters) into specifications.

    Blank halves are left out, since empty specification records must not be sent.

    >>> specifications_from_text("Faktura 1001\\n" + "x" * 41)
    (Specification(line=1, column=1, text='Faktura 1001'), Specification(line=2, column=1, text='xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), Specification(line=2, column=2, text='x'))
    """  # noqa: E501
    lines = text.splitlines()
    if len(lines) > MAX_SPECIFICATIONS // 2:
        raise problem(P.TOO_MANY_LINES, field="specification", n=len(lines))
    specifications = []
    for line_no, line in enumerate(lines, 1):
        if len(line) > 80:
            raise problem(P.LINE_TOO_LONG, field="specification", line_no=line_no)
        for column, half in ((1, line[:40]), (2, line[40:])):
            if half.strip(" "):
                specifications.append(Specification(line_no, column, half.rstrip(" ")))
    return tuple(specifications)


@dataclass(frozen=True, slots=True)
class AvtaleGiroClaim:
    """An AvtaleGiro claim (*trekkrav*) or a cancellation of one (§3.3-3.5, §3.7)."""

    #: 02 (payee notifies), 21 (bank notifies), or 93 in a cancellation assignment.
    type: AvtaleGiroTransactionType
    #: Transaction number: > 0 and ascending within the assignment.
    number: int
    #: Due date.
    due_date: dt.date
    #: Amount in øre.
    amount: int
    #: KID (must match the payer's mandate), or None when blank.
    kid: str | None
    #: Abbreviated payer name, up to 10 characters.
    payer_name: str = ""
    #: External reference shown on the payer's statement, up to 25 characters.
    external_reference: str = ""
    #: Amount item 1 positions 22-32 (blank, or collective-notice information).
    collective_notice: str = ""
    #: Specification records in file order (notice text; used with type 21).
    specifications: tuple[Specification, ...] = ()
    #: False only for a cancellation sent without its optional amount item 2.
    has_amount_item_2: bool = True

    @classmethod
    def from_records(
        cls,
        item1: AvtaleGiroAmountItem1,
        item2: AvtaleGiroAmountItem2 | None,
        specifications: tuple[Specification, ...] = (),
    ) -> AvtaleGiroClaim:
        """Combine the records of one claim (the reader has matched their numbers)."""
        return cls(
            type=item1.transaction_type, number=item1.transaction_number,
            due_date=item1.due_date, amount=item1.amount, kid=item1.kid,
            payer_name=item2.payer_name if item2 else "",
            external_reference=item2.external_reference if item2 else "",
            collective_notice=item1.collective_notice, specifications=specifications,
            has_amount_item_2=item2 is not None,
        )  # fmt: skip

    @property
    def specification_text(self) -> str:
        """The notice text the specifications spell, lines joined with newlines."""
        lines: dict[int, dict[int, str]] = {}
        for spec in self.specifications:
            lines.setdefault(spec.line, {})[spec.column] = spec.text
        if not lines:
            return ""
        return "\n".join(
            (lines.get(n, {}).get(1, "").ljust(40) + lines.get(n, {}).get(2, "")).rstrip(" ")
            for n in range(1, max(lines) + 1)
        )

    def check(self) -> None:
        """Rules between the claim's parts; raises ``FileFormatError`` naming the field."""
        if len(self.specifications) > MAX_SPECIFICATIONS:
            raise problem(P.TOO_MANY_SPECIFICATIONS, field="line", n=len(self.specifications))
        places = {(s.line, s.column) for s in self.specifications}
        if len(places) != len(self.specifications):
            raise problem(P.SAME_PLACE, field="line")
        if not self.has_amount_item_2:
            if self.type is not AvtaleGiroTransactionType.CANCELLATION:
                raise problem(P.ITEM_2_ONLY_CANCELLATIONS, field="record type")
            if self.payer_name or self.external_reference or self.specifications:
                raise problem(P.NEEDS_ITEM_2, field="record type")

    def to_records(self) -> list[Record]:
        """Amount item 1, item 2 (unless left out) and the specification records."""
        self.check()
        records: list[Record] = [
            AvtaleGiroAmountItem1(
                transaction_type=self.type,
                transaction_number=self.number,
                due_date=self.due_date,
                amount=self.amount,
                kid=self.kid,
                collective_notice=self.collective_notice,
            )
        ]
        if self.has_amount_item_2:
            records.append(
                AvtaleGiroAmountItem2(
                    transaction_type=self.type,
                    transaction_number=self.number,
                    payer_name=self.payer_name,
                    external_reference=self.external_reference,
                )
            )
        records.extend(
            SpecificationRecord(
                transaction_number=self.number, line=s.line, column=s.column, text=s.text
            )
            for s in self.specifications
        )
        return records


@dataclass(frozen=True, slots=True)
class ClaimAssignment:
    """AvtaleGiro claims (type 00, §3.2) or cancellations (type 36, §3.7) to Nets."""

    #: Assignment number, 7 digits (unique per agreement for 12 months + 1 day).
    number: str
    #: Payee account, 11 digits.
    account: str
    #: The claims (types 02/21) or cancellations (type 93).
    claims: tuple[AvtaleGiroClaim, ...] = ()
    #: ``TRANSACTIONS`` for claims, ``CANCELLATIONS`` for cancellations.
    type: AssignmentType = AssignmentType.TRANSACTIONS

    @property
    def num_transactions(self) -> int:
        return len(self.claims)

    @property
    def num_records(self) -> int:
        return 2 + sum(1 + c.has_amount_item_2 + len(c.specifications) for c in self.claims)

    @property
    def total_amount(self) -> int:
        return sum(c.amount for c in self.claims)

    @property
    def earliest_date(self) -> dt.date | None:
        return min_max(c.due_date for c in self.claims)[0]

    @property
    def latest_date(self) -> dt.date | None:
        return min_max(c.due_date for c in self.claims)[1]

    def check_claim_type(self, claim: AvtaleGiroClaim) -> None:
        """A claims assignment holds types 02/21, a cancellation assignment type 93."""
        cancellation = claim.type is AvtaleGiroTransactionType.CANCELLATION
        if cancellation != (self.type is AssignmentType.CANCELLATIONS):
            code = (
                P.TYPE_NOT_IN_CANCELLATIONS
                if self.type is AssignmentType.CANCELLATIONS
                else P.TYPE_NOT_IN_CLAIMS
            )
            raise problem(code, field="transaction type", type=f"{int(claim.type):02d}")

    def to_records(self) -> list[Record]:
        if self.type is AssignmentType.AGREEMENTS:
            raise problem(P.USE_AGREEMENT_ASSIGNMENT, field="assignment type")
        check_ascending(c.number for c in self.claims)
        records: list[Record] = [
            AvtaleGiroAssignmentStart(
                assignment_type=self.type,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for claim in self.claims:
            self.check_claim_type(claim)
            records.extend(claim.to_records())
        records.append(AvtaleGiroAssignmentEnd(**self.control()))
        return records

    def control(self) -> AvtaleGiroControl:
        """What its ``88`` says, from the claims (§3.6)."""
        earliest, latest = min_max(c.due_date for c in self.claims)
        return AvtaleGiroControl(
            assignment_type=self.type, num_transactions=self.num_transactions,
            num_records=self.num_records, total_amount=self.total_amount,
            earliest_date=earliest, latest_date=latest,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Agreement:
    """An AvtaleGiro mandate (FBO) from Nets' list (§4.2)."""

    #: FBO serial number, ascending within the assignment.
    number: int
    #: 0 full list, 1 new or changed, 2 deleted.
    registration_type: RegistrationType
    #: KID on the mandate, or None when blank.
    kid: str | None
    #: True if the payer wants a written notice.
    notify: bool

    def to_records(self) -> list[Record]:
        return [
            AgreementRecord(
                serial_number=self.number,
                registration_type=self.registration_type,
                kid=self.kid,
                notify=self.notify,
            )
        ]


@dataclass(frozen=True, slots=True)
class AgreementAssignment:
    """An AvtaleGiro mandate list, FBO (assignment type 24, §4.2)."""

    #: Assignment number, 7 digits.
    number: str
    #: Payee account, 11 digits.
    account: str
    #: The mandates.
    agreements: tuple[Agreement, ...] = ()

    @property
    def num_transactions(self) -> int:
        return len(self.agreements)

    @property
    def num_records(self) -> int:
        return 2 + len(self.agreements)

    @property
    def total_amount(self) -> int:
        return 0

    def to_records(self) -> list[Record]:
        check_ascending((a.number for a in self.agreements), NetsNumber.FBO_SERIAL)
        records: list[Record] = [
            AvtaleGiroAssignmentStart(
                assignment_type=AssignmentType.AGREEMENTS,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for agreement in self.agreements:
            records.extend(agreement.to_records())
        records.append(AvtaleGiroAssignmentEnd(**self.control()))
        return records

    def control(self) -> AvtaleGiroControl:
        """What its ``88`` says: the count of mandates; positions 25-80 are filler (§4.2)."""
        return AvtaleGiroControl(
            assignment_type=AssignmentType.AGREEMENTS, num_transactions=self.num_transactions,
            num_records=self.num_records, total_amount=0, earliest_date=None, latest_date=None,
        )  # fmt: skip

"""camt.054 XML elements -> :mod:`.objects`: :class:`Reader` (used by :mod:`.stream`).

Element access (namespaces, required elements, codes, amounts, dates) is
:class:`~.elements.Elements`, which :class:`Reader` extends.

Spec: ``shared/specs/camt054.md`` §2 (KID), §3 (Ustrd, referred documents), §4 (paths
per version), §5 (batches), §6 (versions). The reader is lenient where the spec asks
for it (a missing ``Tp``, proprietary reference types, several ``Strd`` blocks, batch
and single entries, either shape of ``Sts`` and of ``Dbtr`` in any version) and strict
where money is concerned: every amount is exact to the øre, every required element is
there, and the control totals agree (:mod:`.checks`). Every error says where, as an
XPath-like location with the 1-based position of repeated elements, and the line of
the element at fault itself. Elements this package does not need are skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem

from . import versions
from .elements import Elements
from .objects import (
    AccountId,
    BankTransactionCode,
    Batch,
    CreditorReference,
    Entry,
    EntryDetails,
    Notification,
    ReferredDocument,
    RemittanceAmounts,
    StructuredRemittance,
    Transaction,
    TransactionsSummary,
)
from .safexml import line_of
from .values import parse_amount, parse_count, parse_datetime

if TYPE_CHECKING:
    import datetime as dt

    from lxml import etree

    from .objects import (
        CreditDebit,
        CurrencyAmount,
    )

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_SUM_FRACTION_DIGITS = 17  # DecimalNumber


class Reader(Elements):
    """The values of a camt.054 message, read element by element (see the module)."""

    # -- message -------------------------------------------------------------------

    def header(self, message: etree._Element) -> tuple[str, dt.datetime]:
        """``GrpHdr``: (message id, creation time)."""
        path = versions.ROOT_PATH
        header = self.required(message, "GrpHdr", path)
        created = self.required(header, "CreDtTm", f"{path}/GrpHdr")
        return (
            self.required_text(header, "MsgId", f"{path}/GrpHdr"),
            parse_datetime(created.text, path=f"{path}/GrpHdr/CreDtTm", line=line_of(created)),
        )

    def notification(self, index: int, element: etree._Element) -> Notification:
        """A ``Ntfctn`` without its entries (read them one by one with :meth:`entry`)."""
        path = versions.notification_path(index)
        account = self.required(element, "Acct", path)
        created = self.child(element, "CreDtTm")
        summary = self.child(element, "TxsSummry")
        return Notification(
            id=self.required_text(element, "Id", path),
            account=self.account(account, f"{path}/Acct"),
            created=None
            if created is None
            else parse_datetime(created.text, path=f"{path}/CreDtTm", line=line_of(created)),
            currency=self.code(account, "Ccy"),
            copy_duplicate=self.code(element, "CpyDplctInd"),
            summary=None if summary is None else self.summary(summary, f"{path}/TxsSummry"),
            location=path,
            line=line_of(element),
            account_line=line_of(account),
        )

    def account(self, element: etree._Element, path: str) -> AccountId:
        identification = self.required(element, "Id", path)
        iban = self.text(identification, "IBAN")
        if iban is not None:
            return AccountId(iban.strip(), iban=True)
        other = self.required(identification, "Othr", f"{path}/Id")
        scheme = self.child(other, "SchmeNm")
        return AccountId(
            self.required_text(other, "Id", f"{path}/Id/Othr").strip(),
            scheme=self.code(scheme, "Cd"),
        )

    def summary(self, element: etree._Element, path: str) -> TransactionsSummary:
        lines: dict[str, int] = {}

        def note(found: etree._Element, where: str) -> None:
            line = line_of(found)
            if line is not None:
                lines[where[len(path) + 1 :]] = line

        def count(parent: etree._Element | None, where: str) -> int | None:
            found = None if parent is None else self.child(parent, "NbOfNtries")
            if found is None:
                return None
            note(found, f"{where}/NbOfNtries")
            return parse_count(found.text, path=f"{where}/NbOfNtries", line=line_of(found))

        def number(parent: etree._Element | None, name: str, where: str) -> int | None:
            found = None if parent is None else self.child(parent, name)
            if found is None:
                return None
            note(found, f"{where}/{name}")
            return parse_amount(
                found.text,
                path=f"{where}/{name}",
                line=line_of(found),
                max_fraction_digits=_SUM_FRACTION_DIGITS,
            )

        total = self.child(element, "TtlNtries")
        credit_totals = self.child(element, "TtlCdtNtries")
        debit_totals = self.child(element, "TtlDbtNtries")
        total_path = f"{path}/TtlNtries"
        # .02/.03: TtlNetNtryAmt + CdtDbtInd; .04 and later: TtlNetNtry/Amt + CdtDbtInd.
        net = None if total is None else self.child(total, "TtlNetNtry")
        net_parent, net_path, net_name = (
            (net, f"{total_path}/TtlNetNtry", "Amt")
            if net is not None
            else (total, total_path, "TtlNetNtryAmt")
        )
        direction = None if net_parent is None else self.child(net_parent, "CdtDbtInd")
        if direction is not None:
            note(direction, f"{net_path}/CdtDbtInd")
        return TransactionsSummary(
            count=count(total, total_path),
            sum_ore=number(total, "Sum", total_path),
            net_ore=number(net_parent, net_name, net_path),
            net_credit_debit=None
            if net_parent is None
            else self.credit_debit(net_parent, net_path),
            credit_count=count(credit_totals, f"{path}/TtlCdtNtries"),
            credit_sum_ore=number(credit_totals, "Sum", f"{path}/TtlCdtNtries"),
            debit_count=count(debit_totals, f"{path}/TtlDbtNtries"),
            debit_sum_ore=number(debit_totals, "Sum", f"{path}/TtlDbtNtries"),
            line=line_of(element),
            lines=lines,
        )

    # -- entries -------------------------------------------------------------------

    def entry(self, notification: int, index: int, element: etree._Element) -> Entry:
        path = versions.entry_path(notification, index)
        amount_element = self.required(element, "Amt", path)
        amount = self.amount(amount_element, f"{path}/Amt")
        credit_debit = self.credit_debit(element, path)
        if credit_debit is None:
            raise problem(P.MISSING_ELEMENT, line=line_of(element), path=path, name="CdtDbtInd")
        booking_date, booking_time = self.date_choice(
            self.child(element, "BookgDt"), f"{path}/BookgDt"
        )
        value_date, value_time = self.date_choice(self.child(element, "ValDt"), f"{path}/ValDt")
        details = tuple(
            self.details((notification, index, number), detail, credit_debit, amount.currency)
            for number, detail in enumerate(self.children(element, "NtryDtls"))
        )
        return Entry(
            amount_ore=amount.ore * credit_debit.sign,
            currency=amount.currency,
            credit_debit=credit_debit,
            status=self.status(element, path),
            booking_date=booking_date,
            value_date=value_date,
            reversal=self.reversal(element, path),
            entry_ref=self.text(element, "NtryRef"),
            account_servicer_ref=self.text(element, "AcctSvcrRef"),
            bank_transaction_code=self.bank_transaction_code(element),
            details=details,
            additional_info=self.text(element, "AddtlNtryInf"),
            booking_time=booking_time,
            value_time=value_time,
            location=path,
            line=line_of(element),
            amount_line=line_of(amount_element),
        )

    def status(self, element: etree._Element, path: str) -> str:
        """``Sts`` (.02–.06: a code as text) or ``Sts/Cd`` / ``Sts/Prtry`` (.07+)."""
        status = self.required(element, "Sts", path)
        value = self.code(status, "Cd") or self.code(status, "Prtry") or (status.text or "").strip()
        if not value:
            raise problem(P.EMPTY_STATUS, line=line_of(status), path=f"{path}/Sts")
        return value

    def reversal(self, element: etree._Element, path: str) -> bool:
        value = self.code(element, "RvslInd")
        if value is None:
            return False
        if value not in _BOOLEANS:
            found = self.child(element, "RvslInd")
            raise problem(
                P.BAD_REVERSAL,
                line=None if found is None else line_of(found),
                path=f"{path}/RvslInd",
                value=value,
            )
        return _BOOLEANS[value]

    def bank_transaction_code(self, element: etree._Element) -> BankTransactionCode | None:
        code = self.child(element, "BkTxCd")
        if code is None:
            return None
        domain = self.child(code, "Domn")
        family = None if domain is None else self.child(domain, "Fmly")
        parts = (self.code(domain, "Cd"), self.code(family, "Cd"), self.code(family, "SubFmlyCd"))
        if None in parts:  # The XSD makes Domn all or nothing; a broken one is ignored.
            parts = (None, None, None)
        result = BankTransactionCode(*parts, proprietary=self.text(self.child(code, "Prtry"), "Cd"))
        return None if result == BankTransactionCode() else result

    def details(
        self,
        position: tuple[int, int, int],
        element: etree._Element,
        entry_direction: CreditDebit,
        entry_currency: str,
    ) -> EntryDetails:
        path = versions.details_path(*position)
        batch = self.child(element, "Btch")
        return EntryDetails(
            batch=None if batch is None else self.batch(batch, f"{path}/Btch", entry_direction),
            transactions=tuple(
                self.transaction(
                    versions.transaction_path(*position, number),
                    transaction,
                    entry_direction,
                    entry_currency,
                )
                for number, transaction in enumerate(self.children(element, "TxDtls"))
            ),
        )

    def batch(self, element: etree._Element, path: str, entry_direction: CreditDebit) -> Batch:
        count = self.child(element, "NbOfTxs")
        total = self.optional_amount(element, "TtlAmt", path)
        direction = self.credit_debit(element, path)
        sign = (direction or entry_direction).sign
        return Batch(
            message_id=self.text(element, "MsgId"),
            payment_information_id=self.text(element, "PmtInfId"),
            number_of_transactions=None
            if count is None
            else parse_count(count.text, path=f"{path}/NbOfTxs", line=line_of(count)),
            total_ore=None if total is None else total.ore * sign,
            currency=None if total is None else total.currency,
            credit_debit=direction,
            line=line_of(element),
            count_line=None if count is None else line_of(count),
            total_line=None if total is None else total.line,
        )

    # -- transactions ----------------------------------------------------------------

    def transaction(
        self,
        path: str,
        element: etree._Element,
        entry_direction: CreditDebit,
        entry_currency: str,
    ) -> Transaction:
        references = self.child(element, "Refs")
        direction = self.credit_debit(element, path) or entry_direction
        amount = self.transaction_amount(element, path, entry_currency)
        parties = self.child(element, "RltdPties")
        debtor_account = None if parties is None else self.child(parties, "DbtrAcct")
        remittance = self.child(element, "RmtInf")
        return Transaction(
            amount_ore=None if amount is None else amount.ore * direction.sign,
            currency=None if amount is None else amount.currency,
            credit_debit=direction,
            account_servicer_ref=self.text(references, "AcctSvcrRef"),
            instruction_id=self.text(references, "InstrId"),
            end_to_end_id=self.text(references, "EndToEndId"),
            tx_id=self.text(references, "TxId"),
            bank_transaction_code=self.bank_transaction_code(element),
            debtor_name=self.party_name(parties, "Dbtr"),
            debtor_account=None
            if debtor_account is None
            else self.account(debtor_account, f"{path}/RltdPties/DbtrAcct"),
            ultimate_debtor_name=self.party_name(parties, "UltmtDbtr"),
            unstructured=()
            if remittance is None
            else tuple(line.text or "" for line in self.children(remittance, "Ustrd")),
            structured=()
            if remittance is None
            else tuple(
                self.structured(block, f"{path}/RmtInf/Strd[{number + 1}]")
                for number, block in enumerate(self.children(remittance, "Strd"))
            ),
            additional_info=self.text(element, "AddtlTxInf"),
            location=path,
            line=line_of(element),
            amount_line=None if amount is None else amount.line,
        )

    def transaction_amount(
        self, element: etree._Element, path: str, entry_currency: str
    ) -> CurrencyAmount | None:
        """``TxDtls/Amt`` (.03+), else an ``AmtDtls`` amount in the entry's currency.

        ``TxDtls/Amt`` is by definition the transaction's part of the entry amount, so it
        is taken in whatever currency it has (the checks then insist on the entry's).
        ``AmtDtls/TxAmt`` and ``AmtDtls/InstdAmt`` are the underlying/instructed amounts
        and only count as the booked amount when they are in the entry's currency (the
        Handelsbanken sample has ``InstdAmt`` in SEK on a EUR entry).
        """
        amount = self.optional_amount(element, "Amt", path)
        if amount is not None:
            return amount
        details = self.child(element, "AmtDtls")
        for name in ("TxAmt", "InstdAmt"):
            holder = None if details is None else self.child(details, name)
            candidate = self.optional_amount(holder, "Amt", f"{path}/AmtDtls/{name}")
            if candidate is not None and candidate.currency == entry_currency:
                return candidate
        return None

    def party_name(self, parties: etree._Element | None, role: str) -> str | None:
        """``role/Nm`` (.02–.06) or ``role/Pty/Nm`` (.07+), whichever is there."""
        party = None if parties is None else self.child(parties, role)
        if party is None:
            return None
        return self.text(self.child(party, "Pty"), "Nm") or self.text(party, "Nm")

    def structured(self, element: etree._Element, path: str) -> StructuredRemittance:
        amounts = self.child(element, "RfrdDocAmt")
        reference = self.child(element, "CdtrRefInf")
        return StructuredRemittance(
            referred_documents=tuple(
                ReferredDocument(self.text(document, "Nb"), *self.document_type(document))
                for document in self.children(element, "RfrdDocInf")
            ),
            amounts=None
            if amounts is None
            else RemittanceAmounts(
                due_payable=self.optional_amount(amounts, "DuePyblAmt", f"{path}/RfrdDocAmt"),
                credit_note=self.optional_amount(amounts, "CdtNoteAmt", f"{path}/RfrdDocAmt"),
                remitted=self.optional_amount(amounts, "RmtdAmt", f"{path}/RfrdDocAmt"),
            ),
            creditor_reference=None
            if reference is None
            else CreditorReference(self.text(reference, "Ref"), *self.document_type(reference)),
            additional_info=tuple(
                line.text or "" for line in self.children(element, "AddtlRmtInf")
            ),
        )

    def document_type(self, element: etree._Element) -> tuple[str | None, str | None]:
        """``Tp/CdOrPrtry``: (code, proprietary)."""
        kind = self.child(element, "Tp")
        choice = None if kind is None else self.child(kind, "CdOrPrtry")
        return self.code(choice, "Cd"), self.text(choice, "Prtry")

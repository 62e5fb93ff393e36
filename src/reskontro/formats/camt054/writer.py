""":mod:`.objects` -> camt.054 XML: :func:`build`, for test and benchmark files.

Spec: ``shared/specs/camt054.md`` §4 and §6 (paths per version). :func:`build` writes
the version in ``Document.version`` (.02 to .08) in the element order of the official
XSDs, so that ``parse(build(document)) == document`` and the output validates against
``shared/validation/camt/camt.054.001.NN.xsd``. It writes one canonical form: a
transaction amount goes to ``AmtDtls/TxAmt/Amt`` in .02 and to ``TxDtls/Amt`` +
``TxDtls/CdtDbtInd`` from .03. A document the chosen version cannot express (a .02
transaction against the entry's direction, a .03–.06 transaction without an amount,
a status outside BOOK/PDNG/INFO before .07, ...) raises
:class:`~reskontro.errors.ValidationError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from lxml import etree

from reskontro.errors import ValidationError

from . import versions
from .codes import CamtProblem as C
from .codes import invalid
from .objects import ENTRY_STATUS_CODES
from .values import format_amount, format_datetime

if TYPE_CHECKING:
    import datetime as dt

    from .objects import (
        AccountId,
        BankTransactionCode,
        Batch,
        CreditDebit,
        Document,
        Entry,
        Notification,
        StructuredRemittance,
        Transaction,
        TransactionsSummary,
    )

_MAX_EXTERNAL_CODE = 4  # ExternalEntryStatus1Code


def build(document: Document) -> bytes:
    """The camt.054 XML of ``document`` in version ``document.version``, UTF-8."""
    writer = _Writer(document.version)
    # The default namespace has the key None, which lxml-stubs do not allow for.
    nsmap = cast("dict[str, str]", {None: writer.namespace})
    root = etree.Element(writer.name("Document"), nsmap=nsmap)
    message = writer.add(root, "BkToCstmrDbtCdtNtfctn")
    header = writer.add(message, "GrpHdr")
    try:
        writer.add(header, "MsgId", document.message_id)
        writer.add(header, "CreDtTm", format_datetime(document.created))
        for notification in document.notifications:
            writer.notification(message, notification)
    except ValueError as error:  # lxml refuses text that XML cannot carry
        if isinstance(error, ValidationError):
            raise
        raise invalid(C.CANNOT_WRITE, detail=str(error)) from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Writer:
    def __init__(self, version: int) -> None:
        self.version = version
        self.namespace = versions.namespace(version)

    def name(self, local: str) -> str:
        return f"{{{self.namespace}}}{local}"

    def add(
        self, parent: etree._Element, local: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        element = etree.SubElement(parent, self.name(local), attrib=attributes or None)
        if text is not None:
            element.text = text
        return element

    def optional(self, parent: etree._Element, local: str, text: str | None) -> None:
        if text is not None:
            self.add(parent, local, text)

    def amount(self, parent: etree._Element, local: str, ore: int, currency: str) -> None:
        self.add(parent, local, format_amount(abs(ore)), Ccy=currency)

    # -- notification ------------------------------------------------------------------

    def notification(self, parent: etree._Element, notification: Notification) -> None:
        element = self.add(parent, "Ntfctn")
        self.add(element, "Id", notification.id)
        if notification.created is not None:
            self.add(element, "CreDtTm", format_datetime(notification.created))
        elif self.version <= 6:
            raise invalid(C.NEEDS_CREATED, version=self.version, id=notification.id)
        self.optional(element, "CpyDplctInd", notification.copy_duplicate)
        account = self.add(element, "Acct")
        self.account(account, notification.account)
        self.optional(account, "Ccy", notification.currency)
        if notification.summary is not None:
            self.summary(element, notification.summary)
        for entry in notification.entries:
            self.entry(element, entry)

    def account(self, parent: etree._Element, account: AccountId) -> None:
        identification = self.add(parent, "Id")
        if account.iban:
            self.add(identification, "IBAN", account.value)
            return
        other = self.add(identification, "Othr")
        self.add(other, "Id", account.value)
        if account.scheme is not None:
            self.add(self.add(other, "SchmeNm"), "Cd", account.scheme)

    def summary(self, parent: etree._Element, summary: TransactionsSummary) -> None:
        element = self.add(parent, "TxsSummry")
        net = (summary.net_ore, summary.net_credit_debit)
        if any(value is not None for value in (summary.count, summary.sum_ore, *net)):
            total = self.add(element, "TtlNtries")
            self.count_and_sum(total, summary.count, summary.sum_ore)
            if self.version < 4:
                if summary.net_ore is not None:
                    self.add(total, "TtlNetNtryAmt", format_amount(summary.net_ore))
                if summary.net_credit_debit is not None:
                    self.add(total, "CdtDbtInd", summary.net_credit_debit.value)
            elif summary.net_ore is not None and summary.net_credit_debit is not None:
                net_element = self.add(total, "TtlNetNtry")
                self.add(net_element, "Amt", format_amount(summary.net_ore))
                self.add(net_element, "CdtDbtInd", summary.net_credit_debit.value)
            elif summary.net_ore is not None or summary.net_credit_debit is not None:
                raise invalid(C.NET_AND_DIRECTION)
        for local, count, total_ore in (
            ("TtlCdtNtries", summary.credit_count, summary.credit_sum_ore),
            ("TtlDbtNtries", summary.debit_count, summary.debit_sum_ore),
        ):
            if count is not None or total_ore is not None:
                self.count_and_sum(self.add(element, local), count, total_ore)

    def count_and_sum(self, parent: etree._Element, count: int | None, total: int | None) -> None:
        if count is not None:
            self.add(parent, "NbOfNtries", str(count))
        if total is not None:
            self.add(parent, "Sum", format_amount(total))

    # -- entry ---------------------------------------------------------------------

    def entry(self, parent: etree._Element, entry: Entry) -> None:
        element = self.add(parent, "Ntry")
        self.optional(element, "NtryRef", entry.entry_ref)
        self.amount(element, "Amt", entry.amount_ore, entry.currency)
        self.add(element, "CdtDbtInd", entry.credit_debit.value)
        if entry.reversal:
            self.add(element, "RvslInd", "true")
        self.status(element, entry.status)
        self.date_choice(element, "BookgDt", entry.booking_date, entry.booking_time)
        self.date_choice(element, "ValDt", entry.value_date, entry.value_time)
        self.optional(element, "AcctSvcrRef", entry.account_servicer_ref)
        self.bank_transaction_code(element, entry.bank_transaction_code, required=True)
        for detail in entry.details:
            details = self.add(element, "NtryDtls")
            if detail.batch is not None:
                self.batch(details, detail.batch)
            for transaction in detail.transactions:
                self.transaction(details, transaction, entry)
        self.optional(element, "AddtlNtryInf", entry.additional_info)

    def status(self, parent: etree._Element, status: str) -> None:
        if self.version <= 6:
            if status not in ENTRY_STATUS_CODES:
                raise invalid(C.STATUS_NOT_IN_VERSION, version=self.version,
                              statuses=", ".join(ENTRY_STATUS_CODES), status=status)  # fmt: skip
            self.add(parent, "Sts", status)
        else:
            choice = "Cd" if len(status) <= _MAX_EXTERNAL_CODE else "Prtry"
            self.add(self.add(parent, "Sts"), choice, status)

    def date_choice(
        self, parent: etree._Element, local: str, date: dt.date | None, time: dt.datetime | None
    ) -> None:
        if time is not None:
            self.add(self.add(parent, local), "DtTm", format_datetime(time))
        elif date is not None:
            self.add(self.add(parent, local), "Dt", date.isoformat())

    def bank_transaction_code(
        self, parent: etree._Element, code: BankTransactionCode | None, *, required: bool = False
    ) -> None:
        if code is None and not required:
            return
        element = self.add(parent, "BkTxCd")
        if code is None:
            return
        if code.domain is not None:
            domain = self.add(element, "Domn")
            self.add(domain, "Cd", code.domain)
            family = self.add(domain, "Fmly")
            self.add(family, "Cd", code.family)
            self.add(family, "SubFmlyCd", code.sub_family)
        if code.proprietary is not None:
            self.add(self.add(element, "Prtry"), "Cd", code.proprietary)

    def batch(self, parent: etree._Element, batch: Batch) -> None:
        element = self.add(parent, "Btch")
        self.optional(element, "MsgId", batch.message_id)
        self.optional(element, "PmtInfId", batch.payment_information_id)
        if batch.number_of_transactions is not None:
            self.add(element, "NbOfTxs", str(batch.number_of_transactions))
        if batch.total_ore is not None and batch.currency is not None:
            self.amount(element, "TtlAmt", batch.total_ore, batch.currency)
        if batch.credit_debit is not None:
            self.add(element, "CdtDbtInd", batch.credit_debit.value)

    # -- transaction -----------------------------------------------------------------

    def transaction(self, parent: etree._Element, transaction: Transaction, entry: Entry) -> None:
        element = self.add(parent, "TxDtls")
        references = (
            ("AcctSvcrRef", transaction.account_servicer_ref),
            ("InstrId", transaction.instruction_id),
            ("EndToEndId", transaction.end_to_end_id),
            ("TxId", transaction.tx_id),
        )
        if any(value is not None for _, value in references):
            refs = self.add(element, "Refs")
            for local, value in references:
                self.optional(refs, local, value)
        self.transaction_amount(element, transaction, entry)
        self.bank_transaction_code(element, transaction.bank_transaction_code)
        self.parties(element, transaction)
        if transaction.unstructured or transaction.structured:
            remittance = self.add(element, "RmtInf")
            for line in transaction.unstructured:
                self.add(remittance, "Ustrd", line)
            for block in transaction.structured:
                self.structured(remittance, block)
        self.optional(element, "AddtlTxInf", transaction.additional_info)

    def transaction_amount(
        self, element: etree._Element, transaction: Transaction, entry: Entry
    ) -> None:
        amount, currency = transaction.amount_ore, transaction.currency
        direction: CreditDebit = transaction.credit_debit
        if self.version == 2:
            if direction is not entry.credit_debit:
                raise invalid(C.V2_DIRECTION)
            if amount is not None and currency is not None:
                if currency != entry.currency:
                    raise invalid(C.V2_CURRENCY)
                self.amount(
                    self.add(self.add(element, "AmtDtls"), "TxAmt"), "Amt", amount, currency
                )
            return
        if amount is not None and currency is not None:
            self.amount(element, "Amt", amount, currency)
            self.add(element, "CdtDbtInd", direction.value)
        elif self.version <= 6:
            raise invalid(C.NEEDS_AMOUNT, version=self.version)
        elif direction is not entry.credit_debit:
            self.add(element, "CdtDbtInd", direction.value)

    def parties(self, parent: etree._Element, transaction: Transaction) -> None:
        debtor, account = transaction.debtor_name, transaction.debtor_account
        ultimate = transaction.ultimate_debtor_name
        if debtor is None and account is None and ultimate is None:
            return
        element = self.add(parent, "RltdPties")
        self.party(element, "Dbtr", debtor)
        if account is not None:
            self.account(self.add(element, "DbtrAcct"), account)
        self.party(element, "UltmtDbtr", ultimate)

    def party(self, parent: etree._Element, role: str, name: str | None) -> None:
        if name is None:
            return
        party = self.add(parent, role)
        if self.version >= 7:  # Party35Choice / Party40Choice
            party = self.add(party, "Pty")
        self.add(party, "Nm", name)

    def structured(self, parent: etree._Element, block: StructuredRemittance) -> None:
        element = self.add(parent, "Strd")
        for document in block.referred_documents:
            info = self.add(element, "RfrdDocInf")
            self.document_type(info, document.code, document.proprietary)
            self.optional(info, "Nb", document.number)
        if block.amounts is not None:
            amounts = self.add(element, "RfrdDocAmt")
            for local, value in (
                ("DuePyblAmt", block.amounts.due_payable),
                ("CdtNoteAmt", block.amounts.credit_note),
                ("RmtdAmt", block.amounts.remitted),
            ):
                if value is not None:
                    self.amount(amounts, local, value.ore, value.currency)
        reference = block.creditor_reference
        if reference is not None:
            info = self.add(element, "CdtrRefInf")
            self.document_type(info, reference.code, reference.proprietary)
            self.optional(info, "Ref", reference.ref)
        for line in block.additional_info:
            self.add(element, "AddtlRmtInf", line)

    def document_type(
        self, parent: etree._Element, code: str | None, proprietary: str | None
    ) -> None:
        if code is None and proprietary is None:
            return
        choice = self.add(self.add(parent, "Tp"), "CdOrPrtry")
        if code is not None:
            self.add(choice, "Cd", code)
        else:
            self.add(choice, "Prtry", proprietary)

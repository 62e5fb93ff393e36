"""Totals that cannot be bypassed, and every problem of a file listed (issue 11).

Finding 1: an empty ``<NtryDtls/>`` beside the real one switched off the check that the
entry amount equals its transactions, and an entry of 1,00 NOK paid an invoice with
223,98. The property: for any generated file, accepted ⇒ every control total holds.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reskontro.errors import FileFormatError
from reskontro.formats.camt054 import (
    AccountId,
    Batch,
    CreditDebit,
    CreditorReference,
    Document,
    Entry,
    EntryDetails,
    Notification,
    PaymentStream,
    StructuredRemittance,
    Transaction,
    TransactionsSummary,
    build,
    iter_payments,
    parse,
)

if TYPE_CHECKING:
    from pathlib import Path

NTFCTN = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]"
CRDT = CreditDebit.CREDIT
KID = "0000123400010"


def finding_1(entry_amount: str = "1.00", empty: str = "<NtryDtls/>") -> bytes:
    """The file of the finding: an entry of 1,00 with an empty NtryDtls beside the real one."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-01-16T05:12:44</CreDtTm></GrpHdr>
<Ntfctn>
<Id>NTF-1</Id>
<CreDtTm>2024-01-16T05:12:44</CreDtTm>
<Acct><Id><Othr><Id>15031234562</Id></Othr></Id></Acct>
<Ntry>
<Amt Ccy="NOK">{entry_amount}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd>
<Sts>BOOK</Sts>
<BookgDt><Dt>2024-01-15</Dt></BookgDt>
<AcctSvcrRef>ARK-1</AcctSvcrRef>
<BkTxCd/>
{empty}
<NtryDtls>
<TxDtls>
<AmtDtls><TxAmt><Amt Ccy="NOK">223.98</Amt></TxAmt></AmtDtls>
<RmtInf><Strd><CdtrRefInf><Ref>{KID}</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls>
</NtryDtls>
</Ntry>
</Ntfctn>
</BkToCstmrDbtCdtNtfctn>
</Document>
""".encode()


@pytest.mark.parametrize(
    "empty",
    [
        "<NtryDtls/>",
        "<NtryDtls></NtryDtls>",
        "<NtryDtls><Btch><NbOfTxs>1</NbOfTxs></Btch></NtryDtls>",
    ],
)
def test_an_empty_entry_details_does_not_switch_off_the_entry_total(empty: str) -> None:
    data = finding_1(empty=empty)
    with pytest.raises(
        FileFormatError,
        match=re.escape("the entry amount is 1.00 NOK but its details add up to 223.98"),
    ) as caught:
        list(iter_payments(data))
    assert caught.value.path == f"{NTFCTN}/Ntry[1]/Amt"
    assert caught.value.line == 10  # the Amt element itself, not its Ntry (line 9)
    with pytest.raises(FileFormatError, match=re.escape("details add up to 223.98")):
        parse(data)
    # The same entry with the right amount is one payment of 223,98 with the KID.
    [payment] = iter_payments(finding_1("223.98", empty))
    assert (payment.amount_ore, payment.kid) == (22398, KID)


def test_a_batch_summary_beside_transactions_is_not_booked_as_less() -> None:
    # Entry 30,00 = TxDtls 10,00 + a batch of 20,00 without TxDtls: the totals agree, but
    # only 10,00 would become a payment: the entry is a problem, not booked short.
    data = (
        finding_1("223.98", "")
        .replace(
            b"<NtryDtls>\n<TxDtls>",
            b'<NtryDtls><Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="NOK">20.00</TtlAmt></Btch>'
            b"</NtryDtls>\n<NtryDtls>\n<TxDtls>",
        )
        .replace(b">223.98</Amt>\n<CdtDbtInd>", b">243.98</Amt>\n<CdtDbtInd>")
    )
    assert parse(data)  # the control totals agree
    with pytest.raises(
        FileFormatError, match=re.escape("243.98 NOK but its payments add up to 223.98")
    ) as caught:
        list(iter_payments(data))
    assert caught.value.path == f"{NTFCTN}/Ntry[1]/Amt"


def test_every_problem_is_listed_each_at_its_element() -> None:
    good = finding_1("223.98", "")
    start = good.index(b"<Ntry>")
    end = good.index(b"</Ntry>") + len(b"</Ntry>")
    one = good[start:end]
    bad_total = one.replace(b">223.98</Amt>\n<CdtDbtInd>", b">1.00</Amt>\n<CdtDbtInd>")
    bad_amount = one.replace(b"223.98</Amt></TxAmt>", b"2.005</Amt></TxAmt>")
    pending = one.replace(b"<Sts>BOOK</Sts>", b"<Sts>PDNG</Sts>").replace(b"ARK-1", b"ARK-4")
    entries = b"\n".join([bad_total, one.replace(b"ARK-1", b"ARK-2"), bad_amount, pending])
    data = good[:start] + entries + good[end:]
    with pytest.raises(FileFormatError) as caught:
        list(PaymentStream(data))
    every = caught.value.every
    assert [(e.path, e.line) for e in every] == [
        (f"{NTFCTN}/Ntry[1]/Amt", 10),
        (f"{NTFCTN}/Ntry[3]/NtryDtls[1]/TxDtls[1]/AmtDtls/TxAmt/Amt", 49),
        (f"{NTFCTN}/Ntry[4]", 54),
    ]
    assert "2.005" in every[1].reason
    assert "PDNG" in every[2].reason
    assert "(and 2 more problems)" in caught.value.reason


def test_a_stream_reads_a_file_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "camt.xml"
    path.write_bytes(finding_1("223.98", ""))
    stream = PaymentStream(path)
    assert [p.amount_ore for p in stream] == [22398]
    assert stream.message_keys == ["camt054|MSG-1|NTF-1|15031234562"]
    path.write_bytes(finding_1())
    with pytest.raises(FileFormatError, match=re.escape("add up to 223.98")):
        list(PaymentStream(path))


# -- the property ------------------------------------------------------------------------

small = st.sampled_from([0, 100, 200, 300])


@st.composite
def details(draw: st.DrawFn) -> EntryDetails:
    kind = draw(st.sampled_from(["empty", "batch", "transactions"]))
    if kind == "empty":
        return EntryDetails()
    transactions = (
        tuple(
            Transaction(
                draw(small),
                "NOK",
                CRDT,
                account_servicer_ref=None,
                structured=(StructuredRemittance(creditor_reference=CreditorReference(KID)),),
            )
            for _ in range(draw(st.integers(1, 3)))
        )
        if kind == "transactions"
        else ()
    )
    batch = None
    if kind == "batch" or draw(st.booleans()):
        total = draw(st.none() | small)
        batch = Batch(
            number_of_transactions=draw(st.none() | st.integers(0, 3)),
            total_ore=total,
            currency=None if total is None else "NOK",
        )
    return EntryDetails(batch=batch, transactions=transactions)


@st.composite
def files(draw: st.DrawFn) -> Document:
    entries = tuple(
        Entry(
            draw(small),
            "NOK",
            CRDT,
            "BOOK",
            dt.date(2024, 1, 15),
            account_servicer_ref=f"ARK-{number}",
            details=tuple(draw(st.lists(details(), max_size=3))),
        )
        for number in range(draw(st.integers(1, 3)))
    )
    summary = None
    if draw(st.booleans()):
        summary = TransactionsSummary(
            count=draw(st.none() | st.integers(0, 3)), sum_ore=draw(st.none() | small)
        )
    notification = Notification(
        "NTF-1", AccountId("15031234562"), dt.datetime(2024, 1, 16, tzinfo=dt.UTC), summary=summary,
        entries=entries,
    )  # fmt: skip
    return Document(
        "MSG-1",
        dt.datetime(2024, 1, 16, tzinfo=dt.UTC),
        (notification,),
        draw(st.sampled_from([2, 8])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_accepted_means_every_control_total_holds(document: Document) -> None:
    try:
        payments = list(PaymentStream(build(document)))
    except FileFormatError:
        return
    [notification] = document.notifications
    for e, entry in enumerate(notification.entries):
        where = f"{NTFCTN}/Ntry[{e + 1}]"
        paid = [p.amount_ore for p in payments if (p.location or "").startswith(where)]
        assert sum(paid) == entry.amount_ore  # entry = its payments
        for detail in entry.details:
            batch = detail.batch
            if batch is None or not detail.transactions:
                continue
            amounts = [tx.amount_ore or 0 for tx in detail.transactions]
            if batch.total_ore is not None:
                assert batch.total_ore == sum(amounts)
            if batch.number_of_transactions is not None:
                assert batch.number_of_transactions == len(amounts)
    summary = notification.summary
    if summary is not None:
        amounts = [entry.amount_ore for entry in notification.entries]
        assert summary.count in (None, len(amounts))
        assert summary.sum_ore in (None, sum(amounts))
    assert sum(p.amount_ore for p in payments) == sum(e.amount_ore for e in notification.entries)


def test_every_text_a_person_could_use_is_kept() -> None:
    """Issue 11, finding 6: AddtlNtryInf, AddtlRmtInf and non-KID references were dropped."""
    from reskontro.testing.camt import camt_file, kid_entry

    data = camt_file(
        kid_entry(
            100, KID, references=("RF18539007547034", " QR 1 "), entry_info="Samlet innbetaling",
            remittance_info=("Faktura 12", "Kunde 10001"), unstructured=("Takk",),
        )
    )  # fmt: skip
    [payment] = iter_payments(data)
    assert payment.kid == KID
    assert payment.message == "Takk"
    assert payment.creditor_reference == "RF18539007547034\nQR 1"
    assert payment.remittance_info == "Faktura 12\nKunde 10001"
    assert payment.entry_info == "Samlet innbetaling"

"""parse(): versions, required elements, signs, references, and the control totals."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats.camt054 import (
    AccountId,
    CreditDebit,
    TransactionsSummary,
    iter_payments,
    parse,
)

if TYPE_CHECKING:
    from reskontro.formats.camt054 import Transaction

NTFCTN = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]"
ENTRY = f"{NTFCTN}/Ntry[1]"


def message(
    *entries: str,
    version: int = 2,
    before_account: str = "",
    summary: str = "",
    namespace: str = "",
) -> bytes:
    """A small camt.054 message; every element of the entries starts on its own line."""
    ns = namespace or f"urn:iso:std:iso:20022:tech:xsd:camt.054.001.{version:02d}"
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{ns}">
<BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2024-01-16T05:12:44</CreDtTm></GrpHdr>
<Ntfctn>
<Id>NTF-1</Id>
<CreDtTm>2024-01-16T05:12:44</CreDtTm>{before_account}
<Acct><Id><Othr><Id>15031234562</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id><Ccy>NOK</Ccy></Acct>
{summary}
{body}
</Ntfctn>
</BkToCstmrDbtCdtNtfctn>
</Document>
""".encode()


def entry(
    amount: str = "100.00",
    direction: str = "CRDT",
    *details: str,
    reversal: str = "",
    status: str = "<Sts>BOOK</Sts>",
    reference: str = "ARK-1",
    booking: str = "<Dt>2024-01-15</Dt>",
    currency: str = "NOK",
) -> str:
    return "\n".join(
        [
            "<Ntry>",
            f'<Amt Ccy="{currency}">{amount}</Amt>',
            f"<CdtDbtInd>{direction}</CdtDbtInd>",
            f"<RvslInd>{reversal}</RvslInd>" if reversal else "",
            status,
            f"<BookgDt>{booking}</BookgDt>",
            f"<AcctSvcrRef>{reference}</AcctSvcrRef>",
            "<BkTxCd/>",
            *details,
            "</Ntry>",
        ]
    )


def details(*transactions: str, batch: str = "") -> str:
    return "\n".join(["<NtryDtls>", batch, *transactions, "</NtryDtls>"])


def tx02(amount: str | None = "100.00", *, inner: str = "", currency: str = "NOK") -> str:
    """A .02 TxDtls: the amount in AmtDtls/TxAmt/Amt."""
    money = (
        f'<AmtDtls><TxAmt><Amt Ccy="{currency}">{amount}</Amt></TxAmt></AmtDtls>'
        if amount is not None
        else ""
    )
    return f"<TxDtls>\n{money}\n{inner}\n</TxDtls>"


def tx08(
    amount: str = "100.00", direction: str = "CRDT", *, inner: str = "", currency: str = "NOK"
) -> str:
    """A .03+ TxDtls: TxDtls/Amt and TxDtls/CdtDbtInd."""
    return (
        f'<TxDtls>\n<Amt Ccy="{currency}">{amount}</Amt>\n<CdtDbtInd>{direction}</CdtDbtInd>\n'
        f"{inner}\n</TxDtls>"
    )


def kid_refs(*refs: str) -> str:
    blocks = "".join(f"<Strd><CdtrRefInf>{ref}</CdtrRefInf></Strd>" for ref in refs)
    return f"<RmtInf>{blocks}</RmtInf>"


# -- versions and namespaces ---------------------------------------------------------


@pytest.mark.parametrize(
    "namespace",
    [
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
        "urn:iso:std:iso:20022:tech:xsd:camt.054.001.01",
        "urn:iso:std:iso:20022:tech:xsd:camt.054.001.09",
        "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
        "http://example.com/camt.054.001.02",
    ],
)
def test_unknown_namespace_is_rejected_by_name(namespace: str) -> None:
    with pytest.raises(
        FileFormatError, match=re.escape("not a supported camt.054 message")
    ) as caught:
        parse(message(entry(), namespace=namespace))
    assert repr(namespace) in str(caught.value)
    assert caught.value.path == "/Document"
    assert caught.value.line == 2


def test_no_namespace() -> None:
    with pytest.raises(
        FileFormatError, match=re.escape("not a supported camt.054 message: no namespace")
    ):
        parse(b"<Document><BkToCstmrDbtCdtNtfctn/></Document>")


def test_root_must_be_document() -> None:
    data = b'<Doc xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"/>'
    with pytest.raises(FileFormatError, match="root element is Doc, not Document"):
        parse(data)


@pytest.mark.parametrize("version", [2, 3, 4, 5, 6, 7, 8])
def test_every_version_reads_the_same(version: int) -> None:
    transaction = tx02("100.00") if version == 2 else tx08("100.00")
    status = "<Sts>BOOK</Sts>" if version < 7 else "<Sts><Cd>BOOK</Cd></Sts>"
    document = parse(
        message(entry("100.00", "CRDT", details(transaction), status=status), version=version)
    )
    assert document.version == version
    [payment] = iter_payments(document)
    assert (payment.amount_ore, payment.date, payment.account) == (
        10000,
        dt.date(2024, 1, 15),
        "15031234562",
    )


# -- required elements and bad values -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "match", "path"),
    [
        ("<MsgId>MSG-1</MsgId>", "", "MsgId is missing", "/Document/BkToCstmrDbtCdtNtfctn/GrpHdr"),
        (
            "<MsgId>MSG-1</MsgId>",
            "<MsgId/>",
            "MsgId is empty",
            "/Document/BkToCstmrDbtCdtNtfctn/GrpHdr/MsgId",
        ),
        (
            "<CreDtTm>2024-01-16T05:12:44</CreDtTm></GrpHdr>",
            "<CreDtTm>16.01.2024</CreDtTm></GrpHdr>",
            "not a date-time",
            "/Document/BkToCstmrDbtCdtNtfctn/GrpHdr/CreDtTm",
        ),
        ("<Id>NTF-1</Id>", "", "Id is missing", NTFCTN),
        (
            "<Othr><Id>15031234562</Id>",
            "<Othr><Nm>x</Nm>",
            "Id is missing",
            f"{NTFCTN}/Acct/Id/Othr",
        ),
        ('<Amt Ccy="NOK">100.00</Amt>', "", "Amt is missing", ENTRY),
        (
            'Ccy="NOK">100.00',
            'Ccy="nok">100.00',
            "'nok' is not an ISO 4217 code",
            f"{ENTRY}/Amt/@Ccy",
        ),
        ("<CdtDbtInd>CRDT</CdtDbtInd>", "", "CdtDbtInd is missing", ENTRY),
        (
            "<CdtDbtInd>CRDT</CdtDbtInd>",
            "<CdtDbtInd>CR</CdtDbtInd>",
            "'CR', not CRDT or DBIT",
            f"{ENTRY}/CdtDbtInd",
        ),
        ("<Sts>BOOK</Sts>", "", "Sts is missing", ENTRY),
        ("<Sts>BOOK</Sts>", "<Sts> </Sts>", "status is empty", f"{ENTRY}/Sts"),
        ("<Dt>2024-01-15</Dt>", "<Tm>x</Tm>", "DtTm is missing", f"{ENTRY}/BookgDt"),
        ("<Dt>2024-01-15</Dt>", "<Dt>2024-13-01</Dt>", "not a valid date", f"{ENTRY}/BookgDt/Dt"),
    ],
)
def test_bad_input_says_where(old: str, new: str, match: str, path: str) -> None:
    data = message(entry())
    assert old.encode() in data
    with pytest.raises(FileFormatError, match=match) as caught:
        parse(data.replace(old.encode(), new.encode(), 1))
    assert caught.value.path == path
    assert caught.value.line is not None


def test_a_message_without_notification_is_rejected() -> None:
    data = message(entry())
    start, end = data.index(b"<Ntfctn>"), data.index(b"</Ntfctn>") + len(b"</Ntfctn>")
    with pytest.raises(FileFormatError, match="has no Ntfctn"):
        parse(data[:start] + data[end:])


def test_sub_ore_amount_is_rejected_with_its_location() -> None:
    with pytest.raises(
        FileFormatError, match=re.escape("'10.005' is not a whole number of øre")
    ) as caught:
        parse(message(entry("100.00"), entry("10.005")))
    assert caught.value.path == f"{NTFCTN}/Ntry[2]/Amt"
    assert caught.value.line == 20  # the Amt element; the second Ntry starts on line 19
    with pytest.raises(
        FileFormatError, match=re.escape("'0.005' is not a whole number of øre")
    ) as caught:
        parse(message(entry("100.00", "CRDT", details(tx02("0.005")))))
    assert caught.value.path == f"{ENTRY}/NtryDtls[1]/TxDtls[1]/AmtDtls/TxAmt/Amt"


# -- signs, reversals, statuses --------------------------------------------------------


def test_debit_is_negative() -> None:
    document = parse(message(entry("250.50", "DBIT", details(tx02("250.50")))))
    found = document.notifications[0].entries[0]
    assert (found.amount_ore, found.credit_debit, found.reversal) == (
        -25050,
        CreditDebit.DEBIT,
        False,
    )
    assert found.transactions[0].amount_ore == -25050
    assert [p.amount_ore for p in iter_payments(document)] == [-25050]


def test_reversal_keeps_the_sign_of_its_own_direction() -> None:
    # ISO 20022 RvslInd: "If the CreditDebitIndicator is DBIT and ReversalIndicator is
    # Yes, the original operation was a credit entry." A returned payment is negative.
    returned = entry("100.00", "DBIT", reversal="true", reference="ARK-R1")
    reversed_debit = entry("40.00", "CRDT", reversal="1", reference="ARK-R2")
    plain = entry("5.00", "CRDT", reversal="false", reference="ARK-3")
    document = parse(message(returned, reversed_debit, plain))
    entries = document.notifications[0].entries
    assert [(e.amount_ore, e.reversal) for e in entries] == [
        (-10000, True),
        (4000, True),
        (500, False),
    ]
    assert [p.amount_ore for p in iter_payments(document)] == [-10000, 4000, 500]


def test_bad_reversal_indicator() -> None:
    with pytest.raises(FileFormatError, match="RvslInd is 'yes'") as caught:
        parse(message(entry(reversal="yes")))
    assert caught.value.path == f"{ENTRY}/RvslInd"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("<Sts>PDNG</Sts>", "PDNG"),
        ("<Sts><Cd>BOOK</Cd></Sts>", "BOOK"),
        ("<Sts><Prtry>RESERVED</Prtry></Sts>", "RESERVED"),
    ],
)
def test_status_shapes(status: str, expected: str) -> None:
    document = parse(message(entry(status=status), version=8))
    assert document.notifications[0].entries[0].status == expected


def test_copy_duplicate_indicator_is_exposed() -> None:
    document = parse(message(entry(), before_account="\n<CpyDplctInd>DUPL</CpyDplctInd>"))
    assert document.notifications[0].copy_duplicate == "DUPL"
    assert parse(message(entry())).notifications[0].copy_duplicate is None


def test_booking_date_time() -> None:
    document = parse(message(entry(booking="<DtTm>2024-01-15T23:59:00+01:00</DtTm>")))
    found = document.notifications[0].entries[0]
    assert found.booking_date == dt.date(2024, 1, 15)  # the date as written, no shift
    assert found.booking_time == dt.datetime(
        2024, 1, 15, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )


# -- transactions: amounts, parties, KID -------------------------------------------------


def test_foreign_instructed_amount_is_not_the_booked_amount() -> None:
    inner = '<AmtDtls><InstdAmt><Amt Ccy="SEK">2082.58</Amt></InstdAmt></AmtDtls>'
    document = parse(message(entry("216.85", "CRDT", details(f"<TxDtls>{inner}</TxDtls>"))))
    transaction = document.notifications[0].entries[0].transactions[0]
    assert (transaction.amount_ore, transaction.currency) == (None, None)
    # A single transaction falls back to the entry amount (spec §5).
    assert [p.amount_ore for p in iter_payments(document)] == [21685]


def test_instructed_amount_in_the_entry_currency_counts() -> None:
    inner = '<AmtDtls><InstdAmt><Amt Ccy="NOK">100.00</Amt></InstdAmt></AmtDtls>'
    document = parse(message(entry("100.00", "CRDT", details(f"<TxDtls>{inner}</TxDtls>"))))
    assert document.notifications[0].entries[0].transactions[0].amount_ore == 10000


def test_parties_in_02_and_08() -> None:
    parties02 = (
        "<RltdPties><Dbtr><Nm>Kari Nordmann</Nm></Dbtr>"
        "<DbtrAcct><Id><IBAN>NO9386011117947</IBAN></Id></DbtrAcct></RltdPties>"
    )
    parties08 = (
        "<RltdPties><Dbtr><Pty><Nm>Kari Nordmann</Nm></Pty></Dbtr>"
        "<UltmtDbtr><Pty><Nm>Ola Nordmann</Nm></Pty></UltmtDbtr></RltdPties>"
    )
    old = parse(message(entry("100.00", "CRDT", details(tx02(inner=parties02)))))
    new = parse(message(entry("100.00", "CRDT", details(tx08(inner=parties08))), version=8))
    first = old.notifications[0].entries[0].transactions[0]
    second = new.notifications[0].entries[0].transactions[0]
    assert (first.debtor_name, first.debtor_account) == (
        "Kari Nordmann",
        AccountId("NO9386011117947", iban=True),
    )
    assert (second.debtor_name, second.ultimate_debtor_name) == ("Kari Nordmann", "Ola Nordmann")
    assert second.payer_name == "Ola Nordmann"  # UltmtDbtr before Dbtr (spec §7)
    [payment] = iter_payments(new)
    assert payment.payer_name == "Ola Nordmann"


def transaction_with(remittance: str) -> Transaction:
    document = parse(message(entry("100.00", "CRDT", details(tx02(inner=remittance)))))
    return document.notifications[0].entries[0].transactions[0]


@pytest.mark.parametrize(
    ("refs", "kid"),
    [
        (
            ("<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>10000123000018</Ref>",),
            "10000123000018",
        ),
        (("<Ref>10000123000018</Ref>",), "10000123000018"),  # no Tp
        (
            ("<Tp><CdOrPrtry><Prtry>KID</Prtry></CdOrPrtry></Tp><Ref>1000012300046</Ref>",),
            "1000012300046",
        ),
        (("<Ref> 0030010000123458 </Ref>",), "0030010000123458"),
        (("<Ref>123456789012345678901234-</Ref>",), "123456789012345678901234-"),
        (("<Ref>RF18539007547034</Ref>", "<Ref>10000456000023</Ref>"), "10000456000023"),
        (
            ("<Ref>Ref number V3 block 1</Ref>", "<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"),
            None,
        ),
        (("<Ref>1234567890123456789012345-</Ref>",), None),  # 26 characters
        (("<Ref>1</Ref>",), None),
        (("<Ref>12-34</Ref>",), None),
    ],
)
def test_kid_from_creditor_references(refs: tuple[str, ...], kid: str | None) -> None:
    transaction = transaction_with(kid_refs(*refs))
    assert transaction.kid == kid
    assert len(transaction.creditor_references) == len(refs)


def test_kid_is_the_first_that_looks_like_one_and_the_others_are_kept() -> None:
    remittance = (
        "<RmtInf><Ustrd>Faktura 10023</Ustrd><Ustrd>kundenr 4711</Ustrd>"
        "<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>10023</Nb></RfrdDocInf>"
        '<RfrdDocAmt><RmtdAmt Ccy="NOK">100.00</RmtdAmt></RfrdDocAmt></Strd>'
        "<Strd><CdtrRefInf><Ref>10000123000018</Ref></CdtrRefInf></Strd>"
        "<Strd><CdtrRefInf><Ref>10000456000023</Ref></CdtrRefInf></Strd>"
        "</RmtInf><AddtlTxInf>ignored when there is Ustrd</AddtlTxInf>"
    )
    transaction = transaction_with(remittance)
    assert transaction.kid == "10000123000018"
    assert [r.ref for r in transaction.creditor_references] == ["10000123000018", "10000456000023"]
    assert [(d.code, d.number, a and a.remitted) for d, a in transaction.referred_documents] == [
        (
            "CINV",
            "10023",
            transaction.structured[0].amounts and transaction.structured[0].amounts.remitted,
        )
    ]
    assert transaction.message == "Faktura 10023\nkundenr 4711"


def test_additional_transaction_info_is_the_message_without_ustrd() -> None:
    data = message(
        entry("100.00", "CRDT", details(tx02(inner="<AddtlTxInf>Husleie mars</AddtlTxInf>")))
    )
    assert [p.message for p in iter_payments(data)] == ["Husleie mars"]


# -- batch and entry totals (spec §5) ------------------------------------------------------


def batch(count: str = "", total: str = "", direction: str = "") -> str:
    parts = [
        f"<NbOfTxs>{count}</NbOfTxs>" if count else "",
        f'<TtlAmt Ccy="NOK">{total}</TtlAmt>' if total else "",
        f"<CdtDbtInd>{direction}</CdtDbtInd>" if direction else "",
    ]
    return "<Btch>" + "".join(parts) + "</Btch>"


def batch_entry(entry_amount: str, batch_xml: str, *amounts: str) -> bytes:
    return message(
        entry(entry_amount, "CRDT", details(*(tx02(a) for a in amounts), batch=batch_xml))
    )


def test_consistent_batch() -> None:
    document = parse(batch_entry("37.50", batch("3", "37.50", "CRDT"), "12.50", "20.00", "5.00"))
    found = document.notifications[0].entries[0]
    assert [tx.amount_ore for tx in found.transactions] == [1250, 2000, 500]
    assert found.details[0].batch is not None
    assert found.details[0].batch.total_ore == 3750


def test_wrong_batch_total_is_rejected_with_its_location() -> None:
    with pytest.raises(
        FileFormatError, match=re.escape("TtlAmt is 37.00 but the TxDtls add up to 37.50")
    ) as caught:
        parse(batch_entry("37.50", batch("3", "37.00", "CRDT"), "12.50", "20.00", "5.00"))
    assert caught.value.path == f"{ENTRY}/NtryDtls[1]/Btch/TtlAmt"
    assert caught.value.line == 19  # the Btch element


def test_wrong_batch_count_is_rejected() -> None:
    with pytest.raises(
        FileFormatError, match="NbOfTxs is 4 but the NtryDtls has 3 TxDtls"
    ) as caught:
        parse(batch_entry("37.50", batch("4", "37.50"), "12.50", "20.00", "5.00"))
    assert caught.value.path == f"{ENTRY}/NtryDtls[1]/Btch/NbOfTxs"


def test_batch_direction_counts() -> None:
    with pytest.raises(
        FileFormatError, match=re.escape("TtlAmt is -37.50 but the TxDtls add up to 37.50")
    ):
        parse(batch_entry("37.50", batch("3", "37.50", "DBIT"), "12.50", "20.00", "5.00"))


def test_entry_amount_must_equal_its_transactions() -> None:
    with pytest.raises(
        FileFormatError,
        match=re.escape("entry amount is 40.00 NOK but its details add up to 37.50"),
    ) as caught:
        parse(batch_entry("40.00", "", "12.50", "20.00", "5.00"))
    assert caught.value.path == f"{ENTRY}/Amt"
    assert caught.value.line == 11  # the Amt element itself (the Ntry starts on line 10)


def test_batch_summary_without_transactions_must_equal_the_entry() -> None:
    assert parse(batch_entry("37.50", batch("3", "37.50")))
    with pytest.raises(
        FileFormatError,
        match=re.escape("entry amount is 40.00 NOK but its details add up to 37.50"),
    ):
        parse(batch_entry("40.00", batch("3", "37.50")))


def test_transactions_without_amounts_are_not_summed() -> None:
    document = parse(message(entry("99.00", "CRDT", details(tx02(None), tx02(None)))))
    assert [tx.amount_ore for tx in document.notifications[0].entries[0].transactions] == [
        None,
        None,
    ]


def test_several_entry_details_add_up() -> None:
    good = entry(
        "30.00",
        "CRDT",
        details(tx02("10.00"), batch=batch("1", "10.00")),
        details(batch=batch("2", "20.00", "CRDT")),
    )
    assert parse(message(good))
    bad = entry("30.00", "CRDT", details(tx02("10.00")), details(tx02("10.00")))
    with pytest.raises(FileFormatError, match=re.escape("details add up to 20.00")):
        parse(message(bad))


def test_mixed_directions_in_a_batch_net_out() -> None:
    transactions = (tx08("100.00", "CRDT"), tx08("30.00", "DBIT"))
    document = parse(message(entry("70.00", "CRDT", details(*transactions)), version=8))
    assert [p.amount_ore for p in iter_payments(document)] == [10000, -3000]


@pytest.mark.parametrize(
    ("body", "match", "path"),
    [
        (
            details(tx08("10.00", currency="SEK")),
            "transaction currency SEK is not the entry's currency NOK",
            f"{ENTRY}/NtryDtls[1]/TxDtls[1]/Amt",
        ),
        (
            details(batch=batch("1", "10.00").replace("NOK", "SEK")),
            "TtlAmt currency SEK is not the entry's currency NOK",
            f"{ENTRY}/NtryDtls[1]/Btch/TtlAmt",
        ),
    ],
)
def test_totals_in_another_currency(body: str, match: str, path: str) -> None:
    with pytest.raises(FileFormatError, match=match) as caught:
        parse(message(entry("10.00", "CRDT", body), version=8))
    assert caught.value.path == path
    assert parse(message(entry("10.00", "CRDT", body), version=8), check_totals=False)


# -- TxsSummry -----------------------------------------------------------------------------

TWO_ENTRIES = (
    entry("100.00", "CRDT", reference="A1"),
    entry("30.00", "DBIT", reference="A2"),
    entry("20.00", "CRDT", reference="A3"),
)


def summary02(count: str, total: str, net: str, direction: str, credit: str, debit: str) -> str:
    return (
        f"<TxsSummry><TtlNtries><NbOfNtries>{count}</NbOfNtries><Sum>{total}</Sum>"
        f"<TtlNetNtryAmt>{net}</TtlNetNtryAmt><CdtDbtInd>{direction}</CdtDbtInd></TtlNtries>"
        f"<TtlCdtNtries>{credit}</TtlCdtNtries><TtlDbtNtries>{debit}</TtlDbtNtries></TxsSummry>"
    )


CREDITS = "<NbOfNtries>2</NbOfNtries><Sum>120.00</Sum>"
DEBITS = "<NbOfNtries>1</NbOfNtries><Sum>30</Sum>"


def test_transactions_summary_02() -> None:
    summary = summary02("3", "150.00", "90.00", "CRDT", CREDITS, DEBITS)
    document = parse(message(*TWO_ENTRIES, summary=summary))
    assert document.notifications[0].summary == TransactionsSummary(
        count=3,
        sum_ore=15000,
        net_ore=9000,
        net_credit_debit=CreditDebit.CREDIT,
        credit_count=2,
        credit_sum_ore=12000,
        debit_count=1,
        debit_sum_ore=3000,
    )


def test_transactions_summary_08() -> None:
    summary = (
        "<TxsSummry><TtlNtries><NbOfNtries>3</NbOfNtries><Sum>150</Sum>"
        "<TtlNetNtry><Amt>90.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TtlNetNtry></TtlNtries></TxsSummry>"
    )
    statuses = [e.replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>") for e in TWO_ENTRIES]
    document = parse(message(*statuses, summary=summary, version=8))
    assert document.notifications[0].summary == TransactionsSummary(
        count=3, sum_ore=15000, net_ore=9000, net_credit_debit=CreditDebit.CREDIT
    )
    with pytest.raises(
        FileFormatError,
        match=re.escape("TtlNtries/TtlNetNtry/Amt is 80.00 but the entries give 90.00"),
    ) as caught:
        parse(message(*statuses, summary=summary.replace("90.00", "80.00"), version=8))
    assert caught.value.path == f"{NTFCTN}/TxsSummry/TtlNtries/TtlNetNtry/Amt"


@pytest.mark.parametrize(
    ("summary", "match", "where"),
    [
        (
            summary02("4", "150.00", "90.00", "CRDT", CREDITS, DEBITS),
            "NbOfNtries is 4 but the entries give 3",
            "TtlNtries/NbOfNtries",
        ),
        (
            summary02("3", "130.00", "90.00", "CRDT", CREDITS, DEBITS),
            "Sum is 130.00 but the entries give 150.00",
            "TtlNtries/Sum",
        ),
        (
            summary02("3", "150.00", "70.00", "CRDT", CREDITS, DEBITS),
            "TtlNetNtryAmt is 70.00 but the entries give 90.00",
            "TtlNtries/TtlNetNtryAmt",
        ),
        (
            summary02("3", "150.00", "90.00", "DBIT", CREDITS, DEBITS),
            "net amount of the entries is 90.00 but CdtDbtInd says DBIT",
            "TtlNtries/CdtDbtInd",
        ),
        (
            summary02("3", "150.00", "90.00", "CRDT", CREDITS.replace(">2<", ">3<"), DEBITS),
            "TtlCdtNtries/NbOfNtries is 3 but the entries give 2",
            "TtlCdtNtries/NbOfNtries",
        ),
        (
            summary02("3", "150.00", "90.00", "CRDT", CREDITS.replace("120", "100"), DEBITS),
            "TtlCdtNtries/Sum is 100.00 but the entries give 120.00",
            "TtlCdtNtries/Sum",
        ),
        (
            summary02("3", "150.00", "90.00", "CRDT", CREDITS, DEBITS.replace(">1<", ">2<")),
            "TtlDbtNtries/NbOfNtries is 2 but the entries give 1",
            "TtlDbtNtries/NbOfNtries",
        ),
        (
            summary02("3", "150.00", "90.00", "CRDT", CREDITS, DEBITS.replace("30", "31")),
            "TtlDbtNtries/Sum is 31.00 but the entries give 30.00",
            "TtlDbtNtries/Sum",
        ),
    ],
)
def test_transactions_summary_mismatch(summary: str, match: str, where: str) -> None:
    with pytest.raises(FileFormatError, match=match) as caught:
        parse(message(*TWO_ENTRIES, summary=summary))
    assert caught.value.path == f"{NTFCTN}/TxsSummry/{where}"
    assert caught.value.line == 9  # the TxsSummry element
    assert parse(message(*TWO_ENTRIES, summary=summary), check_totals=False)

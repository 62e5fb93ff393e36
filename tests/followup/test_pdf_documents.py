"""The PDFs read back: KID, amounts, account, Norwegian letters, the law's wording."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import (
    Buyer,
    DocLine,
    DocumentKind,
    FeeLine,
    InterestInfo,
    InterestPart,
    InvoiceDocument,
    LetterDocument,
    Seller,
    VatRow,
    render_invoice,
    render_letter,
)
from reskontro.formats.pdf.message import invoice_email, letters_email, to_mime
from reskontro.formats.pdf.model import invoice_from_dict, letter_from_dict, to_dict
from reskontro.formats.pdf.writer import printable

D = dt.date
SELLER = Seller(
    "Fjordkraft Regnskap Demo AS", "123456785", "12345678903", vat_registered=True,
    foretaksregisteret=True, address="Storgata 1, 0155 Oslo", email="post@fjordkraft.example",
)  # fmt: skip
BUYER = Buyer("Ærlige Øl og Ål ANS", 10001, "Bryggen 3\n5003 Bergen", "987654325", "a@b.example")
LINES = (
    DocLine("Regnskapsføring, måned – særskilt øvelse", 1500, 450000, VatCode.STANDARD, 675000),
    DocLine("Matpakke", 2000, 10000, VatCode.FOOD, 20000),
    DocLine("Kurs: Fakturering med KID", 1000, 99000, VatCode.EXEMPT, 99000),
)
INVOICE = InvoiceDocument(
    kind=DocumentKind.INVOICE, number=1042, invoice_date=D(2026, 11, 2),
    due_date=D(2026, 11, 16), seller=SELLER, buyer=BUYER, lines=LINES,
    vat=(VatRow(VatCode.STANDARD, 675000, 168750), VatRow(VatCode.FOOD, 20000, 3000),
         VatRow(VatCode.EXEMPT, 99000, 0)),
    net_ore=794000, vat_ore=171750, total_ore=965750, kid="0001000010425",
    delivery_date=D(2026, 10, 31), your_reference="Kari Nordmann",
)  # fmt: skip
LETTER = LetterDocument(
    kind=DocumentKind.REMINDER, reference=17, sent_on=D(2026, 11, 25), deadline=D(2026, 12, 9),
    seller=SELLER, buyer=BUYER, invoice_number=1042, invoice_date=D(2026, 10, 2),
    due_date=D(2026, 10, 16), invoice_total_ore=965750, settled_ore=100000,
    principal_ore=865750, kid="0001000010425",
    fees=(FeeLine(DocumentKind.REMINDER, D(2026, 11, 25), 3800),),
    interest=InterestInfo(11_111, (InterestPart(D(2026, 10, 17), D(2026, 11, 25), 865750, 1225,
                                                11_111),)),
)  # fmt: skip


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0\n]+", " ", text)


def test_invoice_carries_what_the_law_and_the_payer_need() -> None:
    pdf = render_invoice(INVOICE)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for needed in (
        "FAKTURA", "Fakturanr.", "1042", "Fakturadato", "02.11.2026", "Forfallsdato",
        "16.11.2026", "Leveringsdato", "31.10.2026",
        "Fjordkraft Regnskap Demo AS", "NO 123 456 785 MVA", "Foretaksregisteret",
        "Ærlige Øl og Ål ANS", "Bryggen 3", "5003 Bergen", "987 654 325",
        "Regnskapsføring, måned – særskilt øvelse", "Matpakke",
        "25 %", "15 %", "Utenfor mva-loven", "1 687,50", "30,00",
        "Sum eks. mva", "7 940,00", "Sum mva", "1 717,50", "Å betale", "9 657,50",
        "Betalingsinformasjon", "1234.56.78903", "0001000010425",
    ):  # fmt: skip
        assert needed in text, needed


def test_invoice_without_vat_registration_or_kid() -> None:
    seller = replace(SELLER, vat_registered=False, foretaksregisteret=False)
    doc = replace(INVOICE, seller=seller, kid=None)
    text = text_of(render_invoice(doc))
    assert "123 456 785" in text
    assert "MVA" not in text.replace("Mva", "")
    assert "Foretaksregisteret" not in text
    assert "Merk betalingen med fakturanummer 1042" in text


def test_credit_note_references_the_invoice_and_asks_no_payment() -> None:
    note = replace(
        INVOICE, kind=DocumentKind.CREDIT_NOTE, number=1050, invoice_date=D(2026, 11, 20),
        due_date=D(2026, 11, 20), kid=None, credits_number=1042, credits_date=D(2026, 11, 2),
        our_reference="Feilfakturert", lines=tuple(
            replace(x, quantity_milli=-x.quantity_milli, net_ore=-x.net_ore) for x in LINES
        ), vat=tuple(replace(v, net_ore=-v.net_ore, vat_ore=-v.vat_ore) for v in INVOICE.vat),
        net_ore=-794000, vat_ore=-171750, total_ore=-965750,
    )  # fmt: skip
    text = text_of(render_invoice(note))
    assert "KREDITNOTA" in text
    assert "Krediterer faktura nr. 1042 datert 02.11.2026" in text
    assert "Feilfakturert" in text
    assert "-9 657,50" in text
    assert "skal ikke betales" in text
    assert "Betalingsinformasjon" not in text


def test_many_lines_run_over_pages_with_numbers() -> None:
    doc = replace(INVOICE, lines=LINES * 30)
    reader = PdfReader(io.BytesIO(render_invoice(doc)))
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Side 1 av {pages}" in reader.pages[0].extract_text()
    last = reader.pages[-1].extract_text()
    assert f"Side {pages} av {pages}" in last
    assert "0001000010425" in last


def test_english_invoice() -> None:
    text = text_of(render_invoice(replace(INVOICE, language="en")))
    assert "INVOICE" in text
    assert "9,657.50" in text
    assert "16 Nov 2026" in text


def test_same_document_gives_the_same_bytes() -> None:
    assert render_invoice(INVOICE) == render_invoice(INVOICE)
    assert render_letter(LETTER) == render_letter(LETTER)


def test_reminder_states_claim_fee_deadline_and_interest_apart() -> None:
    text = text_of(render_letter(LETTER))
    for needed in (
        "PURRING", "faktura nr. 1042", "forfalt 16.10.2026", "09.12.2026",
        "Utestående hovedstol", "8 657,50", "Purregebyr 25.11.2026", "38,00",
        "Å betale", "8 695,50", "inkassoforskriften § 1-2", "Forsinkelsesrente", "111,11",
        "12,25 %", "0001000010425", "1234.56.78903", "Ærlige Øl og Ål ANS",
    ):  # fmt: skip
        assert needed in text, needed
    assert "inkasso" not in text.replace("inkassoforskriften", "")


def test_inkassovarsel_says_the_claim_goes_to_collection() -> None:
    notice = replace(
        LETTER, kind=DocumentKind.NOTICE, level=0,
        fees=(*LETTER.fees[:0], FeeLine(DocumentKind.REMINDER, D(2026, 11, 1), 3800),
              FeeLine(DocumentKind.NOTICE, D(2026, 11, 25), 3800)),
    )  # fmt: skip
    text = text_of(render_letter(notice))
    assert "INKASSOVARSEL" in text
    assert "vil kravet bli sendt til inkasso" in text
    assert "inkassoloven § 9" in text
    assert "mottatt av banken innen fristen" in text
    assert "Gebyr for inkassovarsel 25.11.2026" in text
    assert "8 733,50" in text  # principal + two fees
    combined = text_of(render_letter(replace(notice, combined=True)))
    assert "PURRING OG INKASSOVARSEL" in combined


def test_second_reminder_and_english_letter() -> None:
    assert "2. PURRING" in text_of(render_letter(replace(LETTER, level=2)))
    english = text_of(render_letter(replace(LETTER, language="en", kind=DocumentKind.NOTICE)))
    assert "DEBT COLLECTION NOTICE" in english
    assert "will be sent to debt collection" in english


def test_letters_without_kid_or_interest() -> None:
    text = text_of(render_letter(replace(LETTER, kid=None, interest=None)))
    assert "Forsinkelsesrente" not in text
    assert "Merk betalingen med fakturanummer 1042" in text


def test_characters_the_font_lacks_do_not_become_boxes() -> None:
    assert printable("Čáhppesjohka ŋ ŧ") == "Čáhppesjohka ŋ ŧ"  # Sámi letters are covered
    assert printable("a\u4e2db") == "a?b"
    assert printable("e\u0301") == "é"  # composed first
    doc = replace(INVOICE, buyer=replace(BUYER, name="Sámi Čáhppes AS \u2603"))
    assert "Sámi Čáhppes AS ?" in text_of(render_invoice(doc))


def test_json_round_trip_of_the_recorded_facts() -> None:
    assert invoice_from_dict(to_dict(INVOICE)) == INVOICE
    assert letter_from_dict(to_dict(LETTER)) == LETTER
    assert letter_from_dict(to_dict(replace(LETTER, interest=None))).interest is None


def test_invoice_email() -> None:
    pdf = render_invoice(INVOICE)
    mail = invoice_email(INVOICE, pdf, "faktura-1042.pdf")
    assert mail.to == "a@b.example"
    assert mail.subject == "Faktura 1042 fra Fjordkraft Regnskap Demo AS"
    assert "9 657,50" in mail.text
    assert "Bruk KID" in mail.text
    assert "<p>" in mail.html
    assert mail.attachments[0].filename == "faktura-1042.pdf"
    parsed = email.message_from_bytes(to_mime(mail, "post@fjordkraft.example", "Fjordkraft"),
                                      policy=email.policy.default)  # fmt: skip
    assert parsed["Subject"] == mail.subject
    attachments = list(parsed.iter_attachments())
    assert attachments[0].get_content() == pdf


def test_letters_email_lists_each_letter() -> None:
    second = replace(LETTER, invoice_number=1043, kid="0001000010433")
    mail = letters_email([(LETTER, b"%PDF-1", "purring-1042.pdf"), (second, b"%PDF-2", "p.pdf")])
    assert mail.subject == "Purring: faktura 1042, 1043 fra Fjordkraft Regnskap Demo AS"
    assert "KID 0001000010425" in mail.text
    assert "KID 0001000010433" in mail.text
    assert "&lt;" not in mail.html
    assert len(mail.attachments) == 2
    notice = letters_email([(replace(LETTER, kind=DocumentKind.NOTICE), b"", "x.pdf")])
    assert notice.subject.startswith("Inkassovarsel")
    assert "inkasso" in notice.text
    with pytest.raises(ValueError, match="at least one"):
        letters_email([])

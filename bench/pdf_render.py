"""PDF throughput: invoices (and reminders) rendered per second on one core.

Renders N distinct invoices of 8 lines each (two VAT rates, Norwegian text, KID) and N
reminders with interest, pinned to one CPU, and reports documents per second. The
target is at least 50 invoices a second. ``RESKONTRO_BENCH_PDF_N`` sets N (default 300).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

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
from reskontro.formats.pdf.writer import register_fonts

TARGET_PER_SECOND = 50.0
SELLER = Seller(
    "Fjordkraft Regnskap Demo AS", "123456785", "12345678903", vat_registered=True,
    foretaksregisteret=True, address="Storgata 1, 0155 Oslo", email="post@fjordkraft.example",
)  # fmt: skip
TEXTS = (
    "Regnskapsføring, måned", "Lønnskjøring", "Årsoppgjør", "Rådgivning, time",
    "Kurs: Fakturering med KID", "Bilagsføring og avstemming", "Møte på Ørland", "Reise",
)  # fmt: skip


def invoice(i: int) -> InvoiceDocument:
    lines = tuple(
        DocLine(f"{TEXTS[j]} ({i})", 1000 + 500 * j, 35000 + 1000 * j,
                VatCode.EXEMPT if j == 4 else VatCode.STANDARD,
                (1000 + 500 * j) * (35000 + 1000 * j) // 1000)
        for j in range(8)
    )  # fmt: skip
    base = sum(x.net_ore for x in lines if x.vat_code is VatCode.STANDARD)
    exempt = sum(x.net_ore for x in lines if x.vat_code is VatCode.EXEMPT)
    vat = base // 4
    return InvoiceDocument(
        kind=DocumentKind.INVOICE, number=1000 + i, invoice_date=dt.date(2026, 11, 2),
        due_date=dt.date(2026, 11, 16), seller=SELLER,
        buyer=Buyer(f"Ærlige Øl og Ål ANS {i}", 10000 + i, "Bryggen 3, 5003 Bergen"),
        lines=lines, vat=(VatRow(VatCode.STANDARD, base, vat), VatRow(VatCode.EXEMPT, exempt, 0)),
        net_ore=base + exempt, vat_ore=vat, total_ore=base + exempt + vat,
        kid=f"{10000 + i:06d}{1000 + i:07d}0", delivery_date=dt.date(2026, 10, 31),
    )  # fmt: skip


def letter(i: int) -> LetterDocument:
    return LetterDocument(
        kind=DocumentKind.REMINDER, reference=i, sent_on=dt.date(2026, 11, 25),
        deadline=dt.date(2026, 12, 9), seller=SELLER,
        buyer=Buyer(f"Kari Nordmann {i}", 10000 + i, "Storgata 2, 0155 Oslo"),
        invoice_number=1000 + i, invoice_date=dt.date(2026, 10, 1), due_date=dt.date(2026, 10, 15),
        invoice_total_ore=1_250_000 + i, settled_ore=0, principal_ore=1_250_000 + i,
        kid=f"{10000 + i:06d}{1000 + i:07d}0",
        fees=(FeeLine(DocumentKind.REMINDER, dt.date(2026, 11, 25), 3800),),
        interest=InterestInfo(17_000, (InterestPart(dt.date(2026, 10, 16),
                                                    dt.date(2026, 11, 25), 1_250_000, 1225,
                                                    17_000),)),
    )  # fmt: skip


def _rate(render: Any, make: Any, n: int) -> tuple[float, int]:
    docs = [make(i) for i in range(n)]
    render(docs[0])  # warm up (fonts, caches)
    started = time.perf_counter()
    size = sum(len(render(d)) for d in docs)
    return n / (time.perf_counter() - started), size // n


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_PDF_N", "300"))
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if cpus:
        os.sched_setaffinity(0, {cpus[0]})
    try:
        register_fonts()
        invoices, invoice_bytes = _rate(render_invoice, invoice, n)
        letters, letter_bytes = _rate(render_letter, letter, n)
    finally:
        if cpus:
            os.sched_setaffinity(0, set(cpus))
    from reportlab.lib import rl_accel

    accel = type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    return {
        "ok": invoices >= TARGET_PER_SECOND,
        "documents": n,
        "invoices_per_second": round(invoices, 1),
        "reminders_per_second": round(letters, 1),
        "target_per_second": TARGET_PER_SECOND,
        "invoice_pdf_bytes": invoice_bytes,
        "reminder_pdf_bytes": letter_bytes,
        "rl_accel": accel,
        "one_core": bool(cpus),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

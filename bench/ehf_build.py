"""EHF: invoices built per second, and built + validated by the official rules.

Builds N distinct EHF invoices of 8 lines (three VAT codes, an exempt line, Norwegian
text, KID), then builds and validates each with ``shared/validation/ehf/validate.py``
(UBL XSD, CEN EN 16931, Peppol BIS 3 with the Norwegian rules) after the validator is
loaded and warmed up, and reports milliseconds per invoice for each. The target is
build + validate in at most 20 ms per invoice. A smaller set is also measured with the
invoice PDF embedded, as ``reskontro ehf`` writes it. Every document must pass with 0
fatal findings. ``RESKONTRO_BENCH_EHF_N`` sets N (default 500); wall-clock time.

For scale on a busy machine it also times the validator on the Peppol Norwegian example
(19 KB, 5 lines), which ``shared/specs/ehf-peppol-bis3.md`` §4 measured at 15.7 ms on a
quiet one.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import TYPE_CHECKING, Any

from reskontro.domain.vat import VatCode
from reskontro.formats.ehf import Attachment, build
from reskontro.formats.pdf import render_invoice
from reskontro.testing.ehf import document, line, load_validator, validator_path

from .pdf_render import invoice as pdf_invoice

if TYPE_CHECKING:
    from reskontro.formats.ehf import EhfDocument
    from reskontro.testing.ehf import Validator

TARGET_MS = 20.0
REFERENCE = validator_path().parents[2] / "samples/ehf/peppol-bis3__Norwegian-example-1.xml"
REFERENCE_QUIET_MS = 15.7
REFERENCE_RUNS = 20
CODES = (VatCode.STANDARD, VatCode.STANDARD, VatCode.FOOD, VatCode.LOW, VatCode.EXEMPT)
TEXTS = (
    "Regnskapsføring, måned", "Lønnskjøring", "Årsoppgjør", "Rådgivning, time",
    "Kurs: Fakturering med KID", "Bilagsføring og avstemming", "Møte på Ørland", "Reise",
)  # fmt: skip


def invoice(i: int, pdf: bytes | None = None) -> EhfDocument:
    lines = tuple(
        line(f"{TEXTS[j]} ({i})", 1000 + 500 * j, 35_000 + 1000 * j + i, CODES[j % len(CODES)])
        for j in range(8)
    )
    attachments = (
        () if pdf is None else (Attachment(str(1000 + i), f"faktura-{1000 + i}.pdf", pdf),)
    )
    return document(
        lines,
        number=str(1000 + i),
        issue_date=dt.date(2026, 11, 2) + dt.timedelta(days=i % 28),
        buyer_reference=f"Kari Kjøper {i}",
        delivery_date=dt.date(2026, 10, 31),
        attachments=attachments,
    )


def _ms_per(function: Any, docs: list[EhfDocument]) -> float:
    started = time.perf_counter()
    for doc in docs:
        function(doc)
    return 1000 * (time.perf_counter() - started) / len(docs)


def _reference_ms(validator: Validator) -> float:
    data = REFERENCE.read_bytes()
    validator.findings(data)
    started = time.perf_counter()
    for _ in range(REFERENCE_RUNS):
        validator.findings(data)
    return 1000 * (time.perf_counter() - started) / REFERENCE_RUNS


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_EHF_N", "500"))
    docs = [invoice(i) for i in range(n)]
    started = time.perf_counter()
    validator = load_validator()
    load_seconds = time.perf_counter() - started
    failures = 0

    def build_and_validate(doc: EhfDocument) -> None:
        nonlocal failures
        failures += bool(validator.fatal(build(doc)))

    try:
        build_and_validate(docs[0])  # warm up
        build_ms = _ms_per(build, docs)
        both_ms = _ms_per(build_and_validate, docs)
        pdf = render_invoice(pdf_invoice(1))
        with_pdf = [invoice(i, pdf) for i in range(max(1, n // 10))]
        with_pdf_ms = _ms_per(build_and_validate, with_pdf)
        reference_ms = _reference_ms(validator)
    finally:
        validator.close()
    return {
        "ok": both_ms <= TARGET_MS and failures == 0,
        "invoices": n,
        "lines_per_invoice": 8,
        "build_ms_per_invoice": round(build_ms, 3),
        "build_validate_ms_per_invoice": round(both_ms, 2),
        "target_ms": TARGET_MS,
        "with_pdf_invoices": len(with_pdf),
        "pdf_bytes": len(pdf),
        "with_pdf_build_validate_ms_per_invoice": round(with_pdf_ms, 2),
        "reference_sample_validate_ms": round(reference_ms, 2),
        "reference_sample_quiet_machine_ms": REFERENCE_QUIET_MS,
        "validator_load_seconds": round(load_seconds, 2),
        "invalid_documents": failures,
        "timer": "wall clock (perf_counter), one pass after a warm-up",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

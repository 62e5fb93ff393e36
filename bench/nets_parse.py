"""Benchmark: our fast OCR Giro reader against netsgiro on the same file.

Generates an OCR Giro file of ``n`` transactions in a temporary directory with our
record classes and line templates, times :func:`reskontro.formats.nets.iter_payments`
over it (every payment consumed; every field, the grammar and all control totals
checked), and times ``netsgiro.parse`` (decoding included, as in ours) on the same
kind of bytes. netsgiro does about 15 000-30 000 transactions/s, so for ``n`` above
:data:`NETSGIRO_MAX` it is timed on a file of the first ``NETSGIRO_MAX`` transactions
of the same generator and its per-transaction rate is extrapolated; the result says so
(``netsgiro_extrapolated``). Times are CPU seconds of this process
(``time.process_time``: user + system, so page faults count, but not time spent
waiting for a shared CPU); each side is timed ``repeat`` times and the best run counts,
as ``timeit`` does. For reference it also times, once each,
:func:`reskontro.formats.nets.read_payments` (validates the whole file before
returning all payments) on the big file and our precise object-level
:func:`reskontro.formats.nets.parse` on the smaller one.

Environment: ``NETS_PARSE_TRANSACTIONS`` (default 1 000 000) and ``NETS_PARSE_REPEAT``
(default 3) set the defaults of :func:`run`.

Run ``python -m bench.nets_parse [N]``; prints one JSON document.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reskontro.formats import nets
from reskontro.formats.nets.records import (
    OcrAssignmentEnd,
    OcrAssignmentStart,
    TransmissionEnd,
    TransmissionStart,
)

#: Largest file netsgiro is timed on; beyond it its rate is extrapolated.
NETSGIRO_MAX = 100_000
TARGET_SPEEDUP = 20
DEFAULT_TRANSACTIONS = int(os.environ.get("NETS_PARSE_TRANSACTIONS", "1000000"))
DEFAULT_REPEAT = int(os.environ.get("NETS_PARSE_REPEAT", "3"))

_ACCOUNT = "99991042764"
_FIRST_DATE = dt.date(2025, 3, 3)


def generate_ocr(n: int) -> bytes:
    """An OCR Giro file of ``n`` transactions, built line by line (CRLF, ISO-8859-1).

    Transaction types 10-16 with KIDs of 6-14 digits, every 50th a type-21 internet
    payment with free text (amount item 3), every 97th a credit note (sign ``-``),
    Nets dates spread over 20 days in ascending order. Control records come from the
    record classes with totals computed here, so the file is valid.
    """
    lines = [
        TransmissionStart(
            data_transmitter=nets.NETS_ID, transmission_number="0000001", data_recipient="00010200"
        ).to_line(),
        OcrAssignmentStart(
            agreement_id="001008566", assignment_number="0000001", assignment_account=_ACCOUNT
        ).to_line(),
    ]
    append = lines.append
    total = 0
    records = 2
    dates = [(_FIRST_DATE + dt.timedelta(days=d)) for d in range(20)]
    ddmmyy = [d.strftime("%d%m%y") for d in dates]
    per_date = max(1, -(-n // len(dates)))
    for i in range(1, n + 1):
        h = (i * 2654435761) % 4294967291
        day = min((i - 1) // per_date, len(dates) - 1)
        date = ddmmyy[day]
        amount = 100 + h % 5_000_000
        sign = "-" if i % 97 == 0 else "0"
        total += -amount if sign == "-" else amount
        kid = str(h * 7919 + i)[: 6 + h % 20]
        account = "00000000000" if i % 5 == 0 else f"{h * 13 % 10**11:011d}"
        if i % 50 == 0:
            kind, kid, text, part, account = "21", "", f"Nettbetaling ordre {h}", "0", "0" * 11
        else:
            kind, text, part = f"1{h % 7}", None, "1"
        bank_date = "000000" if i % 3 == 0 else date
        append(
            f"NY09{kind}30{i:07d}{date}13{dates[day].day:02d}{part}{i % 100000:05d}{sign}"
            f"{amount:017d}{kid:>25}000000"
        )
        append(
            f"NY09{kind}31{i:07d}0000000000{h % 10**9:09d}0000000{bank_date}{account}" + "0" * 22
        )
        records += 2
        if text is not None:
            append(f"NY09{kind}32{i:07d}{text:<40}" + "0" * 25)
            records += 1
    last = dates[min((n - 1) // per_date, len(dates) - 1)] if n else None
    append(
        OcrAssignmentEnd(
            num_transactions=n,
            num_records=records,
            total_amount=total,
            nets_date=dates[-1],
            earliest_date=dates[0] if n else None,
            latest_date=last,
        ).to_line()
    )
    append(
        TransmissionEnd(
            num_transactions=n, num_records=records + 2, total_amount=total, date=dates[-1]
        ).to_line()
    )
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def _time(function: Any, *args: Any, repeat: int = 1) -> tuple[float, Any]:
    """Best CPU time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(max(1, repeat)):
        start = time.process_time()
        result = function(*args)
        best = min(best, time.process_time() - start)
    return best, result


def _ours(data: bytes) -> int:
    """Consume every payment; return how many there were (from the last one's key)."""
    last = collections.deque(nets.iter_payments(data), maxlen=1)
    return int(last[0].key.split(":")[4]) if last else 0


def _netsgiro(data: bytes) -> int:
    import netsgiro

    transmission = netsgiro.parse(data.decode("latin-1"))
    return sum(len(a.transactions) for a in transmission.assignments)


def _ours_read(data: bytes) -> int:
    return len(nets.read_payments(data).payments)


def _ours_parse(data: bytes) -> int:
    return nets.parse(data).num_transactions


def run(n: int = DEFAULT_TRANSACTIONS, repeat: int = DEFAULT_REPEAT) -> dict[str, Any]:
    """Generate an ``n``-transaction file, time both readers, return the figures."""
    with tempfile.TemporaryDirectory(prefix="nets_parse_") as tmp:
        path = Path(tmp) / "ocr.txt"
        generation_seconds, data = _time(generate_ocr, n)
        path.write_bytes(data)
        file_bytes = len(data)
        del data
        data = path.read_bytes()
        ours_seconds, ours_count = _time(_ours, data, repeat=repeat)
        if ours_count != n:
            raise RuntimeError(f"read {ours_count} payments, expected {n}")
        read_seconds, read_count = _time(_ours_read, data)
        if read_count != n:
            raise RuntimeError(f"read_payments gave {read_count} payments, expected {n}")

        small_n = min(n, NETSGIRO_MAX)
        small_path = Path(tmp) / "ocr_small.txt"
        small_path.write_bytes(data if small_n == n else generate_ocr(small_n))
        del data
        small = small_path.read_bytes()
        netsgiro_seconds, netsgiro_count = _time(_netsgiro, small, repeat=repeat)
        if netsgiro_count != small_n:
            raise RuntimeError(f"netsgiro read {netsgiro_count} transactions, not {small_n}")
        parse_seconds, _ = _time(_ours_parse, small)

    ours_rate = n / ours_seconds
    netsgiro_rate = small_n / netsgiro_seconds
    speedup = ours_rate / netsgiro_rate
    return {
        "name": "nets_parse",
        "transactions": n,
        "file_bytes": file_bytes,
        "timer": f"CPU seconds (process_time), best of {repeat}",
        "generation_seconds": round(generation_seconds, 3),
        "ours_seconds": round(ours_seconds, 3),
        "ours_tx_per_s": round(ours_rate),
        "netsgiro_transactions": small_n,
        "netsgiro_seconds": round(netsgiro_seconds, 3),
        "netsgiro_tx_per_s": round(netsgiro_rate),
        "netsgiro_extrapolated": small_n != n,
        "ours_read_payments_tx_per_s": round(n / read_seconds),
        "ours_parse_tx_per_s": round(small_n / parse_seconds),
        "speedup": round(speedup, 1),
        "target_speedup": TARGET_SPEEDUP,
        "ok": speedup >= TARGET_SPEEDUP,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    result = run(int(args[0])) if args else run()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

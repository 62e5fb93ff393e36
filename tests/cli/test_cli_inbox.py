"""``reskontro inbox split|ignore|refund|undo-import``: the web inbox's actions on the
command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def _invoice(capsys: pytest.CaptureFixture[str], db: str, kroner: int) -> dict[str, int]:
    draft = run(capsys, "invoice", "create", "--customer", "10000", "--line",
                f"x|1|{kroner}|0", "--json", "--db", db).json  # fmt: skip
    issued = run(capsys, "invoice", "issue", str(draft["id"]), "--json", "--db", db).json
    return {"id": issued["id"], "total_ore": issued["total_ore"]}


def test_split_ignore_refund_and_undo_import(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "K", "--db", db)
    a, b = _invoice(capsys, db, 500), _invoice(capsys, db, 300)
    path = tmp_path / "ocr.txt"
    unknown = ["12345678902"] * 2
    path.write_bytes(ocr_file([Pay(100000, unknown[0]), Pay(4200, unknown[1]),
                               Pay(3100, unknown[0])]))  # fmt: skip
    assert run(capsys, "payments", "import", str(path), "--db", db).code == 0
    waiting = run(capsys, "inbox", "list", "--json", "--db", db).json
    ids = {w["amount_ore"]: w["id"] for w in waiting}

    split = run(capsys, "inbox", "split", str(ids[100000]), "--invoice", f"{a['id']}:500",
                "--invoice", f"{b['id']}:250,50", "--json", "--db", db)  # fmt: skip
    assert split.code == 0, split.err
    assert (split.json["customer_number"], split.json["unallocated_ore"]) == (10000, 24950)
    shown = run(capsys, "invoice", "show", str(a["id"]), "--json", "--db", db).json
    assert shown["status"] == "paid"
    assert (
        run(capsys, "invoice", "show", str(b["id"]), "--json", "--db", db).json["open_ore"] == 4950
    )

    ignored = run(capsys, "inbox", "ignore", str(ids[4200]), "--db", db)
    assert ignored.code == 0, ignored.err
    assert "set aside" in ignored.out
    refund = run(capsys, "inbox", "refund", str(ids[3100]), "--json", "--db", db)
    assert refund.code == 0, refund.err
    assert refund.json["state"] == "ignored"
    assert run(capsys, "inbox", "list", "--json", "--db", db).json == []
    aside = run(capsys, "inbox", "list", "--all", "--json", "--db", db).json
    assert sorted(w["amount_ore"] for w in aside) == [3100, 4200]

    # The file had a payment handled by hand: it cannot be undone.
    files = run(capsys, "payments", "files", "--json", "--db", db).json
    refused = run(capsys, "inbox", "undo-import", str(files[0]["id"]), "--db", db)
    assert refused.code == 1
    assert "Traceback" not in refused.err

    again = tmp_path / "ocr2.txt"
    again.write_bytes(ocr_file([Pay(2000, unknown[1])], transmission_number="1000002"))
    assert run(capsys, "payments", "import", str(again), "--db", db).code == 0
    listed = run(capsys, "payments", "files", "--json", "--db", db).json
    second = next(f for f in listed if f["id"] != files[0]["id"])
    undone = run(capsys, "inbox", "undo-import", str(second["id"]), "--json", "--db", db)
    assert undone.code == 0, undone.err
    assert (undone.json["payments"], undone.json["amount_ore"]) == (1, 2000)
    assert run(capsys, "inbox", "list", "--json", "--db", db).json == []


def test_post_names_the_invoice_it_pays(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    """``inbox post ID --invoice N`` says it paid invoice N, not only "to customer"."""
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "K", "--db", db)
    a = _invoice(capsys, db, 500)
    path = tmp_path / "ocr.txt"
    path.write_bytes(ocr_file([Pay(a["total_ore"], "12345678902"), Pay(700, "12345678902")]))
    assert run(capsys, "payments", "import", str(path), "--db", db).code == 0
    first, second = (p["id"] for p in run(capsys, "inbox", "list", "--json", "--db", db).json)
    to_invoice = run(capsys, "inbox", "post", str(first), "--invoice", str(a["id"]), "--db", db)
    assert to_invoice.code == 0, to_invoice.err
    assert (
        to_invoice.out.strip() == f"payment {first} posted to invoice {a['id']} of customer 10000"
    )
    to_customer = run(capsys, "inbox", "post", str(second), "--customer", "10000", "--db", db)
    assert to_customer.out.strip() == f"payment {second} posted to customer 10000"
    shown = run(capsys, "invoice", "show", str(a["id"]), "--json", "--db", db).json
    assert shown["status"] == "paid"

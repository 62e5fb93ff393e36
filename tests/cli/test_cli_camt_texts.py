"""camt texts a person could use are kept and shown (issue 11, finding 6): ``parse
--json`` gains them, the payment stores them, ``inbox list --json`` shows them; a
rejected file lists every problem on stderr."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reskontro.testing.camt import camt_file, kid_entry
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

RF = "RF18539007547034"
QR = "210000000003139471430009017"  # a Swiss QR reference: digits, but 27 of them


def texts_file() -> bytes:
    return camt_file(
        kid_entry(
            12500, None, number=1, references=(RF,), remittance_info=("Faktura 1042 mars",),
            entry_info="Innbetaling fra utlandet", unstructured=("Husleie", "Leil. 3B"),
        ),
        kid_entry(7700, None, number=2, references=(QR,)),
    )  # fmt: skip


def test_parse_json_keeps_every_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "camt.xml"
    path.write_bytes(texts_file())
    r = run(capsys, "parse", str(path), "--json")
    assert r.code == 0, r.err
    first, second = (json.loads(line) for line in r.out.splitlines())
    assert first == {
        **first, "kid": None, "message": "Husleie\nLeil. 3B", "creditor_reference": RF,
        "remittance_info": "Faktura 1042 mars", "entry_info": "Innbetaling fra utlandet",
    }  # fmt: skip
    assert (second["kid"], second["creditor_reference"]) == (None, QR)


def test_inbox_shows_the_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    path = tmp_path / "camt.xml"
    path.write_bytes(texts_file())
    imported = run(capsys, "payments", "import", str(path), "--json", "--db", db)
    assert imported.code == 0, imported.err
    inbox = run(capsys, "inbox", "list", "--json", "--db", db).json
    assert [
        (i["amount_ore"], i["creditor_reference"], i["remittance_info"], i["entry_info"])
        for i in inbox
    ] == [
        (12500, RF, "Faktura 1042 mars", "Innbetaling fra utlandet"),
        (7700, QR, None, None),
    ]
    human = run(capsys, "inbox", "list", "--db", db)
    assert RF in human.out


def test_a_rejected_file_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    path = tmp_path / "bad.xml"
    path.write_bytes(
        camt_file(*(kid_entry(500, None, number=n, entry_amount_ore=400) for n in range(1, 6)))
    )
    imported = run(capsys, "payments", "import", str(path), "--db", db)
    for n in range(1, 6):
        assert f"Ntry[{n}]/Amt" in imported.err
    assert "(and 4 more problems)" in imported.err
    parsed = run(capsys, "parse", str(path))
    assert parsed.code == 1
    for n in range(1, 6):
        assert f"Ntry[{n}]/Amt" in parsed.err

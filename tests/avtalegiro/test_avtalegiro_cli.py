"""The AvtaleGiro commands of ACCEPTANCE.md, exactly as written there."""

from __future__ import annotations

from pathlib import Path

import pytest

from reskontro.testing.avtalegiro import ACCOUNT, TEMPLATE, mandate_list
from reskontro.testing.cli import run

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def _company(capsys: pytest.CaptureFixture[str], db: str) -> None:
    made = run(capsys, "company", "create", "--name", "Trekk AS", "--org-number", "123456785",
               "--account", ACCOUNT, "--kid-template", TEMPLATE, "--db", db)  # fmt: skip
    assert made.code == 0, made.err
    for number in ("112", "1006"):
        assert run(capsys, "customer", "create", "--name", f"Kunde {number}", "--number",
                   number, "--db", db).code == 0  # fmt: skip


def test_agreement_mandates_list(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _company(capsys, db)
    assert run(capsys, "avtalegiro", "agreement", "--json", "--db", db).json is None
    agreement = run(capsys, "avtalegiro", "agreement", "--agreement-id", "000012345",
                    "--data-transmitter", "00010200", "--json", "--db", db)  # fmt: skip
    assert agreement.code == 0, agreement.err
    assert agreement.json == {**agreement.json, "agreement_id": "000012345",
                              "account": ACCOUNT, "data_transmitter": "00010200",
                              "customer_position": [1, 6]}  # fmt: skip
    sample = SAMPLES / "nets" / "avtalegiro_agreements.txt"
    read = run(capsys, "avtalegiro", "mandates", str(sample), "--json", "--db", db)
    assert read.code == 0, read.err
    assert read.json == {"new": 16, "changed": 0, "deleted": 0, "waiting": 14}
    listed = run(capsys, "avtalegiro", "list", "--json", "--db", db).json
    assert listed[:2] == [
        {"customer": 112, "kid": "000112000507155", "notify": True, "active": True,
         "state": "active"},
        {"customer": 1006, "kid": "001006300507304", "notify": False, "active": True,
         "state": "active"},
    ]  # fmt: skip
    assert listed[2]["customer"] is None
    human = run(capsys, "avtalegiro", "list", "--state", "waiting", "--db", db)
    assert "001020200507462" in human.out
    assigned = run(capsys, "avtalegiro", "assign", "001020200507462", "--customer", "1006",
                   "--json", "--db", db)  # fmt: skip
    assert assigned.json["customer"] == 1006
    history = run(capsys, "avtalegiro", "history", "1006", "--json", "--db", db).json
    assert [e["change"] for e in history] == ["new", "assigned"]
    assert run(capsys, "avtalegiro", "history", "1006", "--db", db).code == 0
    again = run(capsys, "avtalegiro", "mandates", str(sample), "--db", db)
    assert "0 new, 0 changed, 0 deleted; 13 wait for a customer" in again.out


def test_errors_name_the_option(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    _company(capsys, db)
    bad = run(capsys, "avtalegiro", "agreement", "--agreement-id", "12", "--data-transmitter",
              "00010200", "--db", db)  # fmt: skip
    assert bad.code == 1
    assert "9 digits" in bad.err
    assert "(--agreement-id)" in bad.err
    half = run(capsys, "avtalegiro", "agreement", "--agreement-id", "000012345", "--db", db)
    assert half.code == 1
    assert "--data-transmitter" in half.err
    fbo = tmp_path / "fbo.txt"
    fbo.write_bytes(mandate_list((1, "000112000507155", True)))
    none = run(capsys, "avtalegiro", "mandates", str(fbo), "--db", db)
    assert none.code == 1
    assert "no AvtaleGiro agreement" in none.err
    missing = run(capsys, "avtalegiro", "mandates", str(tmp_path / "nope.txt"), "--db", db)
    assert missing.code == 1
    assert (
        run(capsys, "avtalegiro", "agreement", "--db", db).out.strip() == "no AvtaleGiro agreement"
    )


def test_claims_command(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    _company(capsys, db)
    assert run(capsys, "avtalegiro", "agreement", "--agreement-id", "000012345",
               "--data-transmitter", "00010200", "--db", db).code == 0  # fmt: skip
    fbo = tmp_path / "fbo.txt"
    fbo.write_bytes(mandate_list((1, "000112000507155", True), (1, "001006300507304", False)))
    assert run(capsys, "avtalegiro", "mandates", str(fbo), "--json", "--db", db).json["new"] == 2
    for customer, due in (("112", "2026-12-09"), ("1006", "2026-12-10"), ("1006", "2026-11-27")):
        draft = run(capsys, "invoice", "create", "--customer", customer, "--line",
                    "Abonnement|1|100|0", "--date", "2026-11-20", "--due", due, "--json",
                    "--db", db)  # fmt: skip
        assert draft.code == 0, draft.err
        issued = run(capsys, "invoice", "issue", str(draft.json["id"]), "--date", "2026-11-20",
                     "--db", db)  # fmt: skip
        assert issued.code == 0, issued.err
    out = tmp_path / "claims.txt"
    claims = run(capsys, "avtalegiro", "claims", "--date", "2026-11-25", "--out", str(out),
                 "--json", "--db", db)  # fmt: skip
    assert claims.code == 0, claims.err
    assert claims.json == {**claims.json, "claims": 2, "cancellations": 0, "amount_ore": 20000,
                           "transmission_number": "0000001", "too_late": 1}  # fmt: skip
    assert "earliest due date Nets accepts is 2026-11-29" in claims.json["notes"][0]
    assert out.read_bytes().startswith(b"NY00001000010200")
    again = run(capsys, "avtalegiro", "claims", "--date", "2026-11-25", "--out",
                str(tmp_path / "again.txt"), "--json", "--db", db)  # fmt: skip
    assert again.json == {**again.json, "claims": 0, "transmission_number": None}
    assert not (tmp_path / "again.txt").exists()
    human = run(capsys, "avtalegiro", "claims", "--date", "2026-11-25", "--out", str(out),
                "--db", db)  # fmt: skip
    assert "nothing to send" in human.out
    folder = tmp_path / "nets-out"
    folder.mkdir()
    assert run(capsys, "channel", "add-folder", "nets", "--path", str(tmp_path), "--db",
               db).code == 0  # fmt: skip
    outbound = run(capsys, "avtalegiro", "outbound", "--channel", "nets", "--folder",
                   str(folder), "--json", "--db", db)  # fmt: skip
    assert outbound.json == {"channel": "nets", "folder": str(folder)}
    sent = run(capsys, "avtalegiro", "send", "--json", "--db", db)
    assert sent.code == 0, sent.err
    assert [f["filename"] for f in sent.json] == ["avtalegiro-0000001.txt"]
    assert (folder / "avtalegiro-0000001.txt").read_bytes() == out.read_bytes()
    assert "nothing to send" in run(capsys, "avtalegiro", "send", "--db", db).out
    files = run(capsys, "avtalegiro", "files", "--direction", "claims", "--json", "--db", db)
    assert [f["sent_to"] for f in files.json] == [f"nets:{folder}"]
    assert "avtalegiro-0000001.txt" in run(capsys, "avtalegiro", "files", "--db", db).out
    bad = run(capsys, "avtalegiro", "outbound", "--channel", "nope", "--folder", "x", "--db", db)
    assert bad.code == 1
    assert "(--channel)" in bad.err

"""Times as a person reads them are Europe/Oslo; JSON carries the offset (issue 17,
finding 7)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from reskontro.cli.automation_cmds import OsloFormatter
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.services.automation.scheduler import _why_not
from reskontro.storage.models_automation import JobRun

if TYPE_CHECKING:
    import pytest


def test_json_moments_carry_their_offset() -> None:
    naive = dt.datetime(2026, 12, 6, 8, 54)  # noqa: DTZ001 - as SQLite returns it: UTC
    assert to_jsonable(naive) == "2026-12-06T08:54:00+00:00"
    aware = dt.datetime(2026, 12, 6, 9, 54, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert to_jsonable(aware) == "2026-12-06T09:54:00+01:00"
    assert to_jsonable(dt.date(2026, 12, 6)) == "2026-12-06"


def test_the_worker_log_is_in_oslo_time() -> None:
    record = logging.LogRecord("reskontro.worker", logging.INFO, __file__, 1, "tick", (), None)
    record.created = dt.datetime(2026, 7, 1, 4, 0, tzinfo=dt.UTC).timestamp()
    line = OsloFormatter("%(asctime)s %(message)s").format(record)
    assert line == "2026-07-01 06:00:00+0200 tick"


def test_a_run_already_done_names_its_oslo_time() -> None:
    naive = dt.datetime(2026, 12, 6, 5, 15)  # noqa: DTZ001 - as SQLite returns it
    row = JobRun(status="ok", started_at=naive, worker="w")
    assert render(_why_not(row, "2026-12-06"), "en") == "done for 2026-12-06 at 06:15 (Oslo)"


def test_payment_files_are_listed_in_oslo_time(
    capsys: pytest.CaptureFixture[str], tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    from pathlib import Path

    from reskontro.clock import OSLO
    from reskontro.testing.cli import run
    from reskontro.testing.ocr import Pay, ocr_file

    base = Path(str(tmp_path))
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(base / "files"))
    db = f"sqlite:///{base / 'cli.sqlite'}"
    r = run(capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number",
            "123456785", "--account", "12345678903", "--db", db)  # fmt: skip
    assert r.code == 0, r.err
    (base / "OCR.txt").write_bytes(ocr_file([Pay(1000, "12345678903")]))
    assert run(capsys, "payments", "import", str(base / "OCR.txt"), "--db", db).code == 0
    r = run(capsys, "payments", "files", "--db", db, "--json")
    received = dt.datetime.fromisoformat(r.json[0]["received_at"])
    assert received.utcoffset() == dt.timedelta(0)
    r = run(capsys, "payments", "files", "--db", db)
    assert "Received (Oslo)" in r.out
    shown = received.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")
    assert shown in re.sub(r"\s+", " ", r.out) or shown.split()[1] in r.out

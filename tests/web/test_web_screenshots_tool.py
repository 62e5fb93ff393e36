"""``tools/screenshots.py`` (``make screenshots``) makes the committed screenshots of the
main pages: here it runs for two pages into a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.slow


def test_the_screenshot_tool_shoots_pages_at_both_widths(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    env = os.environ | {"RESKONTRO_FILE_STORE": str(tmp_path / "files")}
    env.pop("RESKONTRO_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--out", str(tmp_path / "shots"),
         "--only", "dashboard,customer,menu"],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert names == ["web-customer-1400.png", "web-customer-390.png", "web-dashboard-1400.png",
                     "web-dashboard-390.png", "web-menu-390.png"]  # fmt: skip
    for name in names:
        assert (tmp_path / "shots" / name).read_bytes().startswith(b"\x89PNG")
    committed = {p.name for p in (ROOT / "artifacts" / "screenshots").glob("web-*.png")}
    assert {"web-dashboard-390.png", "web-invoices-390.png"} <= committed

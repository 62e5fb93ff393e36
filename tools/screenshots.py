"""Screenshots of the main pages in headless Chromium, with the demo data.

``make screenshots`` (or ``.venv/bin/python tools/screenshots.py [--out DIR] [--only
NAME,...]``): makes a fresh SQLite database with ``reskontro demo``'s data and its
login, serves the app on a free loopback port, and saves each page at 1 400 px and at
390 px (a phone) as ``web-<page>-<width>.png`` in ``artifacts/screenshots/`` (those are
committed; see docs/web.md). Needs Debian's ``chromium`` and the dev extras (Playwright).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1400, 390)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: (name, path): ``{invoice}``, ``{credit}`` and ``{customer}`` name demo objects.
PAGES = (
    ("dashboard", "/"),
    ("invoices", "/invoices"),
    ("invoice", "/invoices/{invoice}"),
    ("credit-note", "/invoices/{credit}"),
    ("invoice-new", "/invoices/new"),
    ("customers", "/customers"),
    ("customer", "/customers/{customer}"),
    ("payments", "/payments"),
    ("payment-file", "/payments/files/{file}"),
    ("inbox", "/inbox"),
    ("followup", "/followup"),
    ("followup-reminders", "/followup/reminders"),
    ("followup-holds", "/followup/holds"),
    ("settings", "/settings"),
    ("settings-bank", "/settings/bank"),
    ("status", "/status"),
    ("audit", "/audit"),
)


def _demo_database(folder: Path) -> str:
    from reskontro.cli.common import Context
    from reskontro.cli.web_cmds import ensure_demo

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    ensure_demo(Context(url))
    return url


def _objects(url: str) -> dict[str, int]:
    from sqlalchemy import select

    from reskontro.storage.db import make_engine, session_factory
    from reskontro.storage.models import BankFile, Customer, Invoice

    sessions = session_factory(make_engine(url))
    with sessions() as s:
        issued = select(Invoice.id, Invoice.kind).where(Invoice.number.is_not(None))
        invoices = s.execute(issued.order_by(Invoice.id)).all()
        customer = s.scalars(select(Customer.number).order_by(Customer.number)).first()
        bank_file = s.scalars(select(BankFile.id).order_by(BankFile.id)).first()
    credit = next(i.id for i in invoices if i.kind == "credit_note")
    return {"invoice": invoices[3].id, "credit": credit, "customer": int(customer or 0),
            "file": int(bank_file or 0)}  # fmt: skip


def _serve(url: str) -> tuple[str, object]:
    import uvicorn

    from reskontro.clock import SystemClock
    from reskontro.storage.db import make_engine, session_factory
    from reskontro.storage.filestore import FileStore
    from reskontro.web.app import create_app

    sessions = session_factory(make_engine(url))
    app = create_app(sessions, SystemClock(), store=FileStore.of(sessions))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


def login(page: Page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def shoot(out: Path, only: set[str] | None = None) -> list[Path]:
    """Save the screenshots; returns their paths."""
    from playwright.sync_api import sync_playwright

    from reskontro.cli.web_cmds import DEMO_PASSWORD, DEMO_USER

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("RESKONTRO_FILE_STORE", str(Path(tmp) / "files"))
        url = _demo_database(Path(tmp))
        ids = _objects(url)
        base, server = _serve(url)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                for width in WIDTHS:
                    context = browser.new_context(
                        locale="nb-NO", viewport={"width": width, "height": 900}
                    )
                    page = context.new_page()
                    login(page, base, DEMO_USER, DEMO_PASSWORD)
                    for name, path in PAGES:
                        if only and name not in only:
                            continue
                        page.goto(base + path.format(**ids))
                        target = out / f"web-{name}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        saved.append(target)
                    if width < 1100 and (not only or "menu" in only):
                        page.goto(base + "/")  # the navigation folded, and opened
                        page.click("label.menu-button")
                        target = out / f"web-menu-{width}.png"
                        page.screenshot(path=str(target))
                        saved.append(target)
                    context.close()
                browser.close()
        finally:
            server.should_exit = True  # type: ignore[attr-defined]
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder (artifacts/screenshots)")
    parser.add_argument("--only", help="page names, comma-separated (all)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    only = set(args.only.split(",")) if args.only else None
    for path in shoot(args.out, only):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

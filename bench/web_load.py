"""The web app under load (issue 18): closed-loop users against ``reskontro serve`` on
loopback, at 1 000 000 invoices.

- ``dashboard``: the dashboard alone, in-process, ``REPEAT`` requests (target p95 ≤ 30 ms).
- ``pages``: the page mix (invoice list 40 %, filtered list 15 %, KID search 15 %,
  invoice page 20 %, dashboard 10 %) with ``USERS`` users that each send their next
  request as soon as the last one answered, for ``SECONDS``; requests/s, p50/p95/p99
  and errors. SQLite with 1 process (target ≥ 60 pages/s, p95 ≤ 600 ms at 20 users),
  PostgreSQL with 1 and 2 workers (target: 2 workers ≥ 1.7× 1 worker).
- ``api``: the same for an API mix (invoice list, filtered, one invoice, a customer).
- ``pages_while_upload``: the page mix while an OCR file of ``UPLOAD`` payments is
  uploaded and imported through the web (target: p95 at most 2× the mix alone,
  0 errors).

The server is the real ``reskontro serve`` in its own process(es); the load client
runs in this process with one thread per user (it waits on the network, not the CPU,
but it shares the machine's two cores with the server, as a browser on the same
machine would).

Each run also says where the CPU went (:mod:`bench.cpu`): the machine's busy share,
the cores the server and the client used and the server's CPU per request; for
PostgreSQL, ``*_worker_gain_ceiling`` is the most a second worker could add given the
CPU the one-worker run left idle.

Environment: ``RESKONTRO_BENCH_LOAD_N`` (invoices, default 1 000 000),
``RESKONTRO_BENCH_LOAD_USERS`` (20), ``RESKONTRO_BENCH_LOAD_SECONDS`` (15),
``RESKONTRO_BENCH_LOAD_UPLOAD`` (50 000), ``RESKONTRO_BENCH_LOAD_PG`` (``0`` to leave
PostgreSQL out), ``RESKONTRO_BENCH_LOAD_ROUNDS`` (2: PostgreSQL's 1 and 2 workers take
turns this many times, since one 15 s run of either varies by a quarter from run to run
on this machine).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import insert, text

from bench import cpu
from reskontro.clock import FixedClock
from reskontro.domain.kid import KidTemplate
from reskontro.services.invoicing.books import Books
from reskontro.services.users import Users
from reskontro.storage import figures, migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.models import Customer, Invoice
from reskontro.testing import workers as workers_on
from reskontro.testing.ocr import Pay, ocr_file

TEMPLATE = "{CustomerNo:6}{InvoiceNo:8}"
CUSTOMERS = 2000
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
PASSWORD = "bench-passord"  # noqa: S105 - a throwaway user in a temp database
REPEAT = 50
CHUNK = 20000

DASHBOARD_P95_MS = 30.0
PAGES_PER_S = 60.0
PAGES_P95_MS = 600.0
WORKER_GAIN = 1.7
UPLOAD_GROWTH = 2.0


class Seeded:
    """What the load needs to know about the seeded database."""

    def __init__(self, kids: list[str], open_kids: list[tuple[str, int]], ids: list[int]) -> None:
        self.kids = kids
        self.open_kids = open_kids
        self.ids = ids


def seed(url: str, n: int) -> Seeded:
    """A company, customers, ``n`` issued invoices in mixed states (70 % paid), a user;
    the kept figures rebuilt (the rows are written with bulk SQL, not the services)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    books = Books(sessions, FixedClock(NOW))
    cid = books.create_company(
        name="Bench AS", org_number="123456785", account="12345678903", vat_registered=True,
        kid_template=TEMPLATE, actor="bench",
    ).id  # fmt: skip
    template = KidTemplate.parse(TEMPLATE)
    numbers = list(range(100000, 100000 + CUSTOMERS))
    rng = random.Random(18)
    with engine.begin() as conn:
        conn.execute(
            insert(Customer),
            [{"company_id": cid, "number": c, "name": f"Kunde {c}", "language": "nb",
              "is_placeholder": False, "created_at": NOW} for c in numbers],
        )  # fmt: skip
        customer_ids = [r[0] for r in conn.execute(text("SELECT id FROM customer ORDER BY id"))]
    kids: list[str] = []
    open_kids: list[tuple[str, int]] = []
    start = dt.date(2024, 1, 1)
    for first in range(1, n + 1, CHUNK):
        rows = []
        for i in range(first, min(n, first + CHUNK - 1) + 1):
            c = i % CUSTOMERS
            net = 10000 + (i * 7919) % 900000
            total = net + net // 4
            kid = template.make(numbers[c], i)
            day = start + dt.timedelta(days=(i * 1060) // n)
            kind = i % 20
            status, settled = (
                ("paid", total) if kind < 14 else ("open", 0) if kind < 19
                else ("partially_paid", total // 2)
            )  # fmt: skip
            if i % 211 == 0:
                kids.append(kid)
            if status == "open" and len(open_kids) < 200000 and rng.random() < 0.5:
                open_kids.append((kid, total))
            rows.append({
                "company_id": cid, "customer_id": customer_ids[c], "kind": "invoice",
                "status": status, "number": i, "kid": kid, "kid_template": TEMPLATE,
                "kid_modulus": 10, "invoice_date": day, "due_date": day + dt.timedelta(days=14),
                "net_ore": net, "vat_ore": net // 4, "total_ore": total, "settled_ore": settled,
                "paid_ore": settled, "credited_ore": 0, "currency": "NOK", "created_at": NOW,
                "issued_at": NOW,
            })  # fmt: skip
        with engine.begin() as conn:
            conn.execute(insert(Invoice), rows)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE number_series SET next_value = {n + 1} WHERE kind = 'invoice'"))
        conn.execute(text("ANALYZE"))
    with sessions.begin() as session:
        figures.rebuild(session, [cid])
    if engine.dialect.name == "postgresql":
        # A million rows just inserted: without this, autovacuum takes them in hand at
        # some moment during the runs (and the first readers set every row's hint bits),
        # so whichever run it falls in is measured with a vacuum beside it. A database
        # in use is vacuumed as it goes.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
    users = Users(sessions, FixedClock(NOW))
    users.create_user("bench", PASSWORD, actor="bench")
    users.grant("bench", cid, "admin", actor="bench")
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM invoice WHERE id % 997 = 0"))]
    engine.dispose()
    return Seeded(kids, open_kids, ids)


def _percentiles(times: list[float]) -> dict[str, float]:
    if not times:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    times = sorted(times)

    def at(q: float) -> float:
        return round(times[min(len(times) - 1, int(len(times) * q))], 1)

    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def dashboard_alone(url: str, work: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from reskontro.storage.filestore import FileStore
    from reskontro.web.app import create_app

    engine = make_engine(url)
    app = create_app(session_factory(engine), FixedClock(NOW), store=FileStore(work / "files"))
    with TestClient(app) as client:
        _login(client)
        client.get("/")
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"dashboard: {response.status_code}")
    engine.dispose()
    result = _percentiles(times)
    result["ok"] = result["p95_ms"] <= DASHBOARD_P95_MS
    return result


def _login(client: Any) -> str:
    page = client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError("no CSRF token on the login page")
    client.post("/login", data={"username": "bench", "password": PASSWORD,
                                "csrf": found.group(1)})  # fmt: skip
    home = client.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.text)
    return csrf.group(1) if csrf else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``reskontro serve`` in its own process group, until closed."""

    def __init__(self, url: str, workers: int, work: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [str(Path(sys.executable).parent / "reskontro"), "serve", "--no-demo",
                   "--workers", str(workers), "--port", str(self.port), "--db", url]  # fmt: skip
        env = os.environ | {"RESKONTRO_FILE_STORE": str(work / "files")}
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the workers end with it
        )
        if not workers_on.until_serving(self.process, self.port, workers, seconds=120):
            self.close()
            raise RuntimeError("reskontro serve did not start")
        time.sleep(0.2)

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # a worker left behind
            os.killpg(self.process.pid, signal.SIGKILL)


def _page_mix(seeded: Seeded, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.40:
        return "/invoices"
    if r < 0.55:
        return rng.choice(["/invoices?status=open", "/invoices?overdue=true",
                           f"/invoices?customer={100000 + rng.randrange(CUSTOMERS)}"])  # fmt: skip
    if r < 0.70:
        return f"/invoices?q={rng.choice(seeded.kids)}"
    if r < 0.90:
        return f"/invoices/{rng.choice(seeded.ids)}"
    return "/"


def _api_mix(seeded: Seeded, rng: random.Random) -> str:
    r = rng.random()
    base = "/api/v1/companies/1"
    if r < 0.40:
        return f"{base}/invoices"
    if r < 0.55:
        return f"{base}/invoices?status=open"
    if r < 0.70:
        return f"{base}/invoices?q={rng.choice(seeded.kids)}"
    if r < 0.90:
        return f"{base}/invoices/{rng.choice(seeded.ids)}"
    return f"{base}/customers/{100000 + rng.randrange(CUSTOMERS)}"


def load(
    server: Server, seeded: Seeded, *, users: int, seconds: float, api: bool = False,
    upload: bytes | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Closed-loop users for ``seconds``; with ``upload``, one more client uploads it
    meanwhile and only the requests answered while it imports are counted."""
    token = ""
    if api:
        token = _token(server)
    clients = []
    for _ in range(users):
        client = httpx.Client(base_url=server.base, timeout=60)
        if api:
            client.headers["Authorization"] = f"Bearer {token}"
            # Its connection opened now, one user after another as the page users' are
            # by their login: twenty connections opened in one burst are all accepted
            # by whichever worker wakes first (asyncio accepts a backlog at a time), and
            # the run would measure that one worker.
            client.get("/healthz")
        else:
            _login(client)
        clients.append(client)
    spread = (
        workers_on.connections_per_worker(server.port, server.process.pid)
        if workers_on.supported()
        else []
    )
    times: list[tuple[float, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    window: dict[str, float] = {}

    def user(index: int) -> None:
        rng = random.Random(index)
        client = clients[index]
        while not stop.is_set():
            path = _api_mix(seeded, rng) if api else _page_mix(seeded, rng)
            started = time.perf_counter()
            try:
                status = client.get(path).status_code
            except httpx.HTTPError as exc:
                status = 0
                with lock:
                    errors.append(f"{path}: {exc}")
            took = (time.perf_counter() - started) * 1000
            with lock:
                times.append((started, took))
                if status not in {200, 0}:
                    errors.append(f"{path}: {status}")

    def uploader() -> None:
        assert upload is not None
        client = httpx.Client(base_url=server.base, timeout=600)
        csrf = _login(client)
        window["start"] = time.perf_counter()
        response = client.post("/payments/upload", data={"csrf": csrf},
                               files={"file": ("load.ocr", upload, "text/plain")},
                               follow_redirects=False)  # fmt: skip
        # The page answers at once; the import goes on in the background until its
        # job says it is over.
        where = response.headers.get("location", "")
        if where.startswith("/payments/uploads/"):
            while client.get(f"{where}/state").json()["state"] in {"queued", "running"}:
                time.sleep(0.2)
        window["end"] = time.perf_counter()
        window["status"] = response.status_code
        window["seconds"] = round(window["end"] - window["start"], 2)
        client.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    cpu_before = cpu.snapshot(server.process.pid)
    began = time.perf_counter()
    for t in threads:
        t.start()
    side = None
    if upload is not None:
        time.sleep(1.0)
        side = threading.Thread(target=uploader, daemon=True)
        side.start()
        side.join(600)
        stop.set()
    else:
        time.sleep(seconds)
        stop.set()
    for t in threads:
        t.join(120)
    ended = time.perf_counter()
    cpu_after = cpu.snapshot(server.process.pid)
    for client in clients:
        client.close()
    if upload is not None and "end" in window:
        counted = [took for at, took in times if window["start"] <= at <= window["end"]]
        span = window["end"] - window["start"]
    else:
        counted = [took for _, took in times]
        span = ended - began
    result: dict[str, Any] = {
        "users": users,
        "seconds": round(span, 1),
        "requests": len(counted),
        "requests_per_s": round(len(counted) / span, 1) if span else 0.0,
        **_percentiles(counted),
        "errors": len(errors),
        "cpu": cpu.between(cpu_before, cpu_after, len(times)),
    }
    if len(spread) > 1:
        result["connections_per_worker"] = spread
    if errors:
        result["first_errors"] = errors[:5]
    if upload is not None:
        result["upload"] = {k: v for k, v in window.items() if k in {"status", "seconds"}}
    return result


def _token(server: Server) -> str:
    client = httpx.Client(base_url=server.base, timeout=60)
    csrf = _login(client)
    response = client.post("/settings/tokens", data={"csrf": csrf, "name": "bench"})
    client.close()
    found = re.search(r"rsk_[A-Za-z0-9_\-]+", response.text)
    if found is None:
        raise RuntimeError("no API token on the settings page")
    return found.group(0)


def _ocr(seeded: Seeded, count: int) -> bytes:
    chosen = seeded.open_kids[:count]
    return ocr_file([Pay(total, kid) for kid, total in chosen], date=NOW.date())


def measure(url: str, seeded: Seeded, work: Path, *, workers: tuple[int, ...], users: int,
            seconds: float, upload: int, rounds: int = 1) -> dict[str, Any]:  # fmt: skip
    """Each mix on a server of each size; with ``rounds`` > 1 the sizes take turns
    (1, 2, 1, 2, ...) so that neither is always measured first, and each figure is the
    mean of its rounds (each round's requests/s kept in ``rounds``)."""
    out: dict[str, Any] = {}
    runs: dict[str, list[dict[str, Any]]] = {}
    for turn in range(rounds):
        for count in workers:
            server = Server(url, count, work)
            try:
                runs.setdefault(f"pages_{count}_worker", []).append(
                    load(server, seeded, users=users, seconds=seconds)
                )
                runs.setdefault(f"api_{count}_worker", []).append(
                    load(server, seeded, users=users, seconds=seconds, api=True)
                )
                if count == 1 and upload and turn == 0:
                    out["pages_while_upload"] = load(
                        server, seeded, users=users, seconds=seconds, upload=_ocr(seeded, upload)
                    )
            finally:
                server.close()
    for key, results in runs.items():
        out[key] = _mean(results)
    return out


def _mean(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One figure for several rounds of the same run: the mean of each, counts summed."""
    if len(results) == 1:
        return results[0]

    def avg(values: list[float]) -> float:
        return round(statistics.fmean(values), 2)

    out: dict[str, Any] = {
        "users": results[0]["users"],
        "seconds": round(sum(r["seconds"] for r in results), 1),
        "requests": sum(r["requests"] for r in results),
        "requests_per_s": avg([r["requests_per_s"] for r in results]),
        **{k: avg([r[k] for r in results]) for k in ("p50_ms", "p95_ms", "p99_ms")},
        "errors": sum(r["errors"] for r in results),
        "cpu": {k: avg([r["cpu"][k] for r in results]) for k in results[0]["cpu"]},
        "rounds": [r["requests_per_s"] for r in results],
    }
    if "connections_per_worker" in results[0]:
        out["connections_per_worker"] = [r["connections_per_worker"] for r in results]
    first_errors = [e for r in results for e in r.get("first_errors", [])]
    if first_errors:
        out["first_errors"] = first_errors[:5]
    return out


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_LOAD_N", "1000000"))
    users = int(os.environ.get("RESKONTRO_BENCH_LOAD_USERS", "20"))
    seconds = float(os.environ.get("RESKONTRO_BENCH_LOAD_SECONDS", "15"))
    upload = int(os.environ.get("RESKONTRO_BENCH_LOAD_UPLOAD", "50000"))
    out: dict[str, Any] = {"name": "web_load", "invoices": n, "users": users}
    with tempfile.TemporaryDirectory(prefix="reskontro-bench-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'load.sqlite'}"
        started = time.perf_counter()
        seeded = seed(url, n)
        out["seed_seconds"] = round(time.perf_counter() - started, 1)
        out["dashboard"] = dashboard_alone(url, work)
        out["sqlite"] = measure(url, seeded, work, workers=(1,), users=users,
                                seconds=seconds, upload=upload)  # fmt: skip
        if os.environ.get("RESKONTRO_BENCH_LOAD_PG", "1") != "0":
            rounds = int(os.environ.get("RESKONTRO_BENCH_LOAD_ROUNDS", "2"))
            out["postgresql"] = _postgresql(n, work, users, seconds, rounds)
    out["targets"] = _targets(out)
    out["ok"] = all(out["targets"].values())
    return out


def _postgresql(n: int, work: Path, users: int, seconds: float, rounds: int) -> dict[str, Any]:
    from reskontro.testing.pg import throwaway_cluster

    with throwaway_cluster() as cluster:
        if cluster is None:
            return {"skipped": "PostgreSQL binaries not installed"}
        seeded = seed(cluster.url(), n)
        out = measure(cluster.url(), seeded, work, workers=(1, 2), users=users,
                      seconds=seconds, upload=0, rounds=rounds)  # fmt: skip
    # The most a second worker could add on this machine: the CPU the one-worker run
    # left idle (server, client and PostgreSQL share the cores).
    for mix in ("pages", "api"):
        busy = out[f"{mix}_1_worker"]["cpu"]["machine_busy_share"]
        out[f"{mix}_worker_gain_ceiling"] = round(1 / busy, 2) if busy else 0.0
    return out


def _targets(out: dict[str, Any]) -> dict[str, bool]:
    sqlite = out["sqlite"]
    pages = sqlite["pages_1_worker"]
    targets = {
        "dashboard_p95": out["dashboard"]["ok"],
        "sqlite_pages_per_s": pages["requests_per_s"] >= PAGES_PER_S,
        "sqlite_pages_p95": pages["p95_ms"] <= PAGES_P95_MS,
    }
    during = sqlite.get("pages_while_upload")
    if during:
        targets["upload_p95_growth"] = (
            during["errors"] == 0 and during["p95_ms"] <= UPLOAD_GROWTH * pages["p95_ms"]
        )
    pg = out.get("postgresql", {})
    if "pages_2_worker" in pg:
        one, two = pg["pages_1_worker"], pg["pages_2_worker"]
        targets["pg_pages_2_workers_gain"] = (
            two["requests_per_s"] >= WORKER_GAIN * one["requests_per_s"]
        )
        targets["pg_api_2_workers_gain"] = (
            pg["api_2_worker"]["requests_per_s"]
            >= WORKER_GAIN * pg["api_1_worker"]["requests_per_s"]
        )
    return targets


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

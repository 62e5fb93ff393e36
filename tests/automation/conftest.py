"""Real servers on 127.0.0.1 for the automation tests: an asyncssh SFTP server and an
aiosmtpd SMTP server, started by the tests, with keys and certificates made here."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import ipaddress
import itertools
import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import asyncssh
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from reskontro.channels.mailer import SmtpSettings
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.automation import build_automation
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Company

if TYPE_CHECKING:
    from collections.abc import Iterator
    from email.message import EmailMessage
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.automation import Automation
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import InvoiceView

SFTP_USER = "reskontro"
SFTP_PASSWORD = "sftp-s3cret-Passord!"
SMTP_USER = "mailer"
SMTP_PASSWORD = "smtp-s3cret-Passord!"
_folders = itertools.count()


# -- SFTP -----------------------------------------------------------------------------


@dataclass
class SftpServer:
    port: int
    root: Path
    host_key: asyncssh.SSHKey
    client_key_path: Path
    #: Every authentication attempt the server saw: (method, user).
    auth_log: list[tuple[str, str]] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return str(self.host_key.get_fingerprint("sha256"))

    def new_folder(self) -> tuple[str, Path]:
        """A fresh mailbox folder: (path as the client sees it, local path)."""
        name = f"box{next(_folders)}"
        local = self.root / name
        local.mkdir()
        return f"/{name}", local


class _Server(asyncssh.SSHServer):
    def __init__(self, log: list[tuple[str, str]]) -> None:
        self.log = log

    def begin_auth(self, username: str) -> bool:
        self.log.append(("begin", username))
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self.log.append(("password", username))
        return username == SFTP_USER and password == SFTP_PASSWORD


@pytest.fixture(scope="session")
def sftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SftpServer]:
    root = tmp_path_factory.mktemp("sftp-root")
    keys = tmp_path_factory.mktemp("sftp-keys")
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key_path = keys / "id_ed25519"
    client_key.write_private_key(str(client_key_path))
    authorized = asyncssh.import_authorized_keys(client_key.export_public_key().decode())
    loop = asyncio.new_event_loop()
    log: list[tuple[str, str]] = []

    async def start() -> asyncssh.SSHAcceptor:
        return await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[host_key],
            authorized_client_keys=authorized,
            server_factory=lambda: _Server(log),
            sftp_factory=lambda chan: asyncssh.SFTPServer(chan, chroot=str(root).encode()),
            allow_scp=False,
        )

    acceptor = loop.run_until_complete(start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = SftpServer(acceptor.get_port(), root, host_key, client_key_path, log)
    try:
        yield server
    finally:

        async def stop() -> None:
            acceptor.close()
            await acceptor.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


# -- SMTP -----------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body((subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


class _Handler:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        #: Replies to give instead of accepting, one per message, in order.
        self.failures: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            if self.failures:
                return self.failures.pop(0)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = (
        getattr(data, "login", None) == SMTP_USER.encode()
        and getattr(data, "password", None) == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: _Handler
    security: str
    ca_file: Path | None = None

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def fail_next(self, *replies: str) -> None:
        self.handler.failures.extend(replies)

    def env(self, *, login: bool = False) -> dict[str, str]:
        values = {
            "RESKONTRO_SMTP_HOST": self.host,
            "RESKONTRO_SMTP_PORT": str(self.port),
            "RESKONTRO_SMTP_SECURITY": self.security,
            "RESKONTRO_SMTP_FROM": "reskontro@regnskap.example",
            "RESKONTRO_SMTP_TIMEOUT": "10",
        }
        if login:
            values["RESKONTRO_SMTP_USER"] = SMTP_USER
            values["RESKONTRO_SMTP_PASSWORD"] = SMTP_PASSWORD
        if self.ca_file is not None:
            values["RESKONTRO_SMTP_CA_FILE"] = str(self.ca_file)
        return values


def bound_socket() -> socket.socket:
    """A listening socket on a port the system chose: the server is handed the socket
    itself, so no other process (or xdist worker) can take the port in between."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(100)
    sock.setblocking(False)
    return sock


class _SocketController(Controller):
    """aiosmtpd's controller serving on a socket already bound (:func:`bound_socket`)."""

    def __init__(self, handler: Any, sock: socket.socket, **kwargs: Any) -> None:
        self.sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self.sock, ssl=self.ssl_context)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def start_smtp(
    security: str, tls: tuple[Path, Path] | None = None
) -> tuple[Controller, SmtpServer]:
    handler = _Handler()
    sock = bound_socket()
    port = int(sock.getsockname()[1])
    kwargs: dict[str, Any] = {}
    ca_file = None
    if security != "plain":
        assert tls is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        ca_file = tls[0]
        if security == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    controller = _SocketController(
        handler,
        sock,
        authenticator=_authenticator,
        auth_require_tls=security == "starttls",
        **kwargs,
    )
    controller.start()
    return controller, SmtpServer("127.0.0.1", port, handler, security, ca_file)


@pytest.fixture(params=["starttls", "tls"])
def tls_smtp(request: pytest.FixtureRequest, tls_files: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """An SMTP server with STARTTLS, or with TLS from the first byte, and login."""
    controller, server = start_smtp(str(request.param), tls_files)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    controller, server = start_smtp("plain")
    try:
        yield server
    finally:
        controller.stop()


# -- books with open invoices ---------------------------------------------------------

ISSUED = dt.date(2026, 11, 1)
OWNER = "eier@fjordregnskap.example"


@dataclass
class Setup:
    company_id: int
    invoices: list[InvoiceView]
    books: Books
    clock: FixedClock
    store: Path

    def automation(
        self, smtp: SmtpServer | None = None, environ: dict[str, str] | None = None
    ) -> Automation:
        settings = SmtpSettings.from_env(smtp.env()) if smtp is not None else None
        return build_automation(
            self.books.sessions,
            self.clock,
            store=FileStore(self.store),
            smtp=settings,
            environ={"SFTP_PASSWORD": SFTP_PASSWORD, **(environ or {})},
            worker_id="test-worker",
        )


def make_books(books: Books, clock: FixedClock, store: Path, issued: dt.date = ISSUED) -> Setup:
    """Fjord Regnskap AS with two customers and four open invoices (due 14 days after
    ``issued``): 1 250,00, 625,00, 250,00 and 100,00 kr."""
    company = books.create_company(
        name="Fjord Regnskap AS", org_number="123456785", account="12345678903",
        vat_registered=True, actor="t",
    )  # fmt: skip
    cid = company.id
    a = books.create_customer(cid, name="Nordlys Bakeri AS", actor="t")
    b = books.create_customer(cid, name="Havbris Kafé", actor="t")
    invoices = []
    for customer, price in ((a, 100000), (a, 50000), (b, 20000), (b, 8000)):
        draft = books.create_invoice(
            cid,
            customer_number=customer.number,
            lines=[LineDraft("Regnskapstjenester", 1000, price, VatCode.STANDARD)],
            actor="t",
        )
        invoices.append(books.issue_invoice(cid, draft.id, issue_date=issued, actor="t"))
    with books.sessions.begin() as session:
        session.get_one(Company, cid).email = OWNER
    return Setup(cid, invoices, books, clock, store)


@pytest.fixture
def setup(books: Books, clock: FixedClock, tmp_path: Path) -> Setup:
    return make_books(books, clock, tmp_path / "files")


@pytest.fixture
def old_setup(books: Books, clock: FixedClock, tmp_path: Path) -> Setup:
    """As :func:`setup`, with invoices issued in 2020: overdue whatever today is (for
    processes that run on the real clock)."""
    return make_books(books, clock, tmp_path / "files", issued=dt.date(2020, 1, 1))

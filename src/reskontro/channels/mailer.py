"""Sending e-mail over SMTP: plain, STARTTLS or TLS, with optional login.

Settings come from the environment (see :meth:`SmtpSettings.from_env`); the password
is read from ``RESKONTRO_SMTP_PASSWORD`` or the file ``RESKONTRO_SMTP_PASSWORD_FILE``
names, is kept out of ``repr`` and never appears in a message. A login over an
unencrypted connection is refused unless the server is on this machine.

:class:`MailError` says whether a failure is **permanent** (the server refused the
recipient or the message with a 5xx reply: trying again will not help) or not
(connection trouble, 4xx, a login problem an operator can fix): the outbox retries
the latter with backoff.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import TYPE_CHECKING, cast

from reskontro.channels import ChannelError
from reskontro.channels.codes import ConfigCode, MailCode
from reskontro.errors import ValidationError
from reskontro.messages import Message as Msg

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from email.message import Message
    from types import TracebackType
    from typing import Self

ENV_PREFIX = "RESKONTRO_SMTP_"


class Security(enum.StrEnum):
    #: No encryption (a relay on this machine or a trusted network).
    PLAIN = "plain"
    #: Connect in clear, then upgrade with STARTTLS (port 587).
    STARTTLS = "starttls"
    #: TLS from the first byte (port 465).
    TLS = "tls"


DEFAULT_PORTS = {Security.PLAIN: 25, Security.STARTTLS: 587, Security.TLS: 465}


class MailError(ChannelError):
    """Handing a message to the SMTP server failed."""

    default_message = "the e-mail could not be sent"

    def __init__(
        self,
        message: str | Msg | None = None,
        *,
        permanent: bool = False,
        code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    #: The From address.
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    #: Extra CA certificates to trust (a private mail server's own CA).
    ca_file: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """Read ``RESKONTRO_SMTP_*``; None when ``RESKONTRO_SMTP_HOST`` is not set.

        ``HOST``, ``PORT`` (default by security), ``SECURITY`` (plain, starttls, tls;
        default starttls), ``USER``, ``PASSWORD`` or ``PASSWORD_FILE``, ``FROM``,
        ``CA_FILE``, ``TIMEOUT`` (seconds).
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value.strip() if value and value.strip() else None

        host = get("HOST")
        if host is None:
            return None
        try:
            security = Security((get("SECURITY") or "starttls").lower())
        except ValueError:
            raise ValidationError(
                Msg.of(MailCode.SECURITY_FORM, variable=f"{ENV_PREFIX}SECURITY")
            ) from None
        port_text = get("PORT")
        if port_text is not None and not port_text.isdigit():
            raise ValidationError(Msg.of(ConfigCode.NOT_A_NUMBER, variable=f"{ENV_PREFIX}PORT"))
        sender = get("FROM")
        if sender is None or "@" not in sender:
            raise ValidationError(Msg.of(MailCode.SENDER_FORM, variable=f"{ENV_PREFIX}FROM"))
        password = env.get(ENV_PREFIX + "PASSWORD")
        password_file = get("PASSWORD_FILE")
        if password is None and password_file is not None:
            try:
                password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                raise ChannelError(
                    Msg.of(
                        MailCode.PASSWORD_FILE,
                        variable=f"{ENV_PREFIX}PASSWORD_FILE",
                        path=password_file,
                        reason=exc.strerror,
                    )
                ) from None
        timeout = get("TIMEOUT")
        return cls(
            host=host,
            port=int(port_text) if port_text else DEFAULT_PORTS[security],
            security=security,
            sender=sender,
            username=get("USER"),
            password=password,
            ca_file=get("CA_FILE"),
            timeout=float(timeout) if timeout else 30.0,
        )

    def describe(self) -> dict[str, object]:
        """The settings without the password, for status output."""
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "sender": self.sender,
            "username": self.username,
            "password": "set" if self.password else None,
        }


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_message(
    *,
    sender: str,
    sender_name: str | None,
    to: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    date: dt.datetime,
) -> Message:
    """A multipart/alternative message: plain text first, HTML second.

    Built with the classic MIME classes on purpose: their ``Header`` encodes a
    Norwegian subject as whole encoded words, where the newer API folds a line
    before "utestående" and leaves a double space behind in every mail client.
    """
    msg = MIMEMultipart("alternative")
    msg["From"] = formataddr((sender_name, sender)) if sender_name else sender
    msg["To"] = to
    # A Header object is what the classic API encodes; typeshed types the value as str.
    msg["Subject"] = subject if subject.isascii() else cast("str", Header(subject, "utf-8"))
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.attach(MIMEText(text, "plain", "utf-8"))
    msg.attach(MIMEText(html, "html", "utf-8"))
    return msg


class SmtpMailer:
    """One SMTP session for as many messages as are sent inside the ``with`` block."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        where = f"{s.host}:{s.port}"
        if s.username and s.security is Security.PLAIN and not _is_local(s.host):
            raise MailError(
                Msg.of(MailCode.PLAIN_PASSWORD, where=where, variable=f"{ENV_PREFIX}SECURITY")
            )
        smtp: smtplib.SMTP | None = None
        try:
            if s.security is Security.TLS:
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security is Security.STARTTLS:
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            if smtp is not None:
                smtp.close()
            refused = Msg.of(
                MailCode.LOGIN_REFUSED, where=where, user=s.username, smtp_code=exc.smtp_code
            )
            raise MailError(refused, code=exc.smtp_code) from None
        except smtplib.SMTPResponseException as exc:
            if smtp is not None:
                smtp.close()
            said = _text(exc.smtp_error)
            raise MailError(
                Msg.of(MailCode.SERVER_SAID, where=where, smtp_code=exc.smtp_code, reason=said)
            ) from None
        except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
            if smtp is not None:
                smtp.close()
            raise MailError(Msg.of(MailCode.FAILED, where=where, reason=_describe(exc))) from None
        return smtp

    def send(self, msg: Message) -> None:
        """Hand one message to the server; raise :class:`MailError` if it is not taken."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(
                f"{rcpt}: {code} {_text(reply)}" for rcpt, (code, reply) in exc.recipients.items()
            )
            raise MailError(
                Msg.of(MailCode.RECIPIENT_REFUSED, reason=detail),
                permanent=all(500 <= c < 600 for c in codes),
                code=codes[0] if codes else None,
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            self.close()
            raise MailError(
                Msg.of(
                    MailCode.SENDER_REFUSED,
                    sender=str(exc.sender),
                    smtp_code=exc.smtp_code,
                    reason=_text(exc.smtp_error),
                ),
                code=exc.smtp_code,
            ) from None
        except smtplib.SMTPDataError as exc:
            self._reset()
            raise MailError(
                Msg.of(
                    MailCode.MESSAGE_REFUSED, smtp_code=exc.smtp_code, reason=_text(exc.smtp_error)
                ),
                permanent=500 <= exc.smtp_code < 600,
                code=exc.smtp_code,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise MailError(
                Msg.of(MailCode.FAILED, where=self.settings.host, reason=_describe(exc))
            ) from None

    def _reset(self) -> None:
        """After a refused message the session can go on; if not, start a new one."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or exc.__class__.__name__


__all__ = ["MailError", "Security", "SmtpMailer", "SmtpSettings", "build_message"]

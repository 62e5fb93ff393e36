"""Who is asking and what their role lets them do; passwords and secrets as stored.

Passwords are hashed with argon2; session ids and API tokens are random and stored
only as SHA-256 digests, so a copy of the database opens no session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from reskontro.errors import NotFound, ReskontroError
from reskontro.messages import Message
from reskontro.services.users.codes import UserCode
from reskontro.storage.repo import LookupCode

#: What each role may do, besides reading.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"invoicing", "payments", "bank", "settings", "users"}),
    # The only role besides the administrator that may change the unknown-KID policy,
    # the OCR agreement and the bank channels.
    "bank_and_payments": frozenset({"payments", "bank"}),
    "invoicing": frozenset({"invoicing"}),
    "read_only": frozenset(),
}

#: A password has at least this many characters.
MIN_PASSWORD = 8

_hasher = PasswordHasher()


class LoginFailed(ReskontroError):
    default_message = "wrong user name or password"

    def __init__(self) -> None:
        super().__init__(Message.of(UserCode.LOGIN_FAILED))


class Throttled(ReskontroError):
    default_message = "too many failed logins; try again in a while"

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__(message or Message.of(UserCode.THROTTLED))


class Forbidden(ReskontroError):
    default_message = "you do not have access to this"

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__(message or Message.of(UserCode.FORBIDDEN))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: the user, and their role per company."""

    user_id: int
    username: str
    name: str
    roles: dict[int, str]
    session_id: str | None = None
    csrf: str | None = None
    company_id: int | None = None

    def role(self, company_id: int) -> str:
        role = self.roles.get(company_id)
        if role is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        return role

    def can(self, company_id: int, permission: str) -> bool:
        return permission in PERMISSIONS[self.role(company_id)]

    def require(self, company_id: int, permission: str) -> None:
        if not self.can(company_id, permission):
            raise Forbidden(Message.of(UserCode.ROLE_NO_ACCESS, role=self.role(company_id)))


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without a zone; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


__all__ = [
    "MIN_PASSWORD",
    "PERMISSIONS",
    "Forbidden",
    "LoginFailed",
    "Principal",
    "Throttled",
    "aware",
    "digest",
    "hash_password",
    "verify_password",
]

"""Users, roles, login sessions, API tokens and login throttling.

Passwords are hashed with argon2; session ids and API tokens are random and stored
only as SHA-256 digests, so a copy of the database opens no session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update

from reskontro.errors import Conflict, NotFound, ReskontroError, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import Company
from reskontro.storage.models_web import (
    LANGUAGES,
    ROLES,
    ApiToken,
    LoginAttempt,
    Membership,
    WebSession,
    WebUser,
)
from reskontro.storage.repo import LookupCode
from reskontro.web.codes import WebCode

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult, Result
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

SESSION_LIFETIME = dt.timedelta(hours=12)
#: Failed logins for one user name within the window before logins are refused.
MAX_FAILURES = 5
#: Failed logins from one IP address (whatever the user names) within the window.
MAX_IP_FAILURES = 20
FAILURE_WINDOW = dt.timedelta(minutes=15)

#: What each role may do, besides reading.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"invoicing", "payments", "bank", "settings", "users"}),
    # The only role besides the administrator that may change the unknown-KID policy,
    # the OCR agreement and the bank channels.
    "bank_and_payments": frozenset({"payments", "bank"}),
    "invoicing": frozenset({"invoicing"}),
    "read_only": frozenset(),
}

ROLE_NAMES = {
    "admin": "Administrator",
    "bank_and_payments": "Bank og betalinger",
    "invoicing": "Fakturering",
    "read_only": "Kun lesetilgang",
}

_hasher = PasswordHasher()


class LoginFailed(ReskontroError):
    default_message = "feil brukernavn eller passord"


class Throttled(ReskontroError):
    default_message = "for mange mislykkede innlogginger; prøv igjen om litt"


class Forbidden(ReskontroError):
    default_message = "du har ikke tilgang til dette"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class TokenView:
    """An API token as listed: never its text, only the first characters."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: dt.datetime
    revoked: bool


@dataclass(frozen=True, slots=True)
class PasswordChanged:
    """What a new password ended: the user's other sessions and their API tokens."""

    sessions_ended: int
    tokens_revoked: int


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
            raise Forbidden(Message.of(WebCode.ROLE_NO_ACCESS, role=self.role(company_id)))


class Users:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    # -- users and memberships ------------------------------------------------------

    def create_user(
        self, username: str, password: str, *, name: str | None = None, actor: str
    ) -> int:
        username = username.strip().lower()
        if not username:
            raise ValidationError("brukernavn mangler")
        if len(password) < 8:
            raise ValidationError("passordet må ha minst 8 tegn")
        now = self.clock.now()
        with self.sessions.begin() as session:
            if session.scalar(select(WebUser.id).where(WebUser.username == username)):
                raise Conflict(Message.of(WebCode.USER_EXISTS, user=username), field="username")
            user = WebUser(
                username=username,
                name=name or username,
                password_hash=hash_password(password),
                active=True,
                language="nb",
                created_at=now,
            )
            session.add(user)
            session.flush()
            audit.record(
                session, at=now, actor=actor, action="user.create", object_type="user",
                object_id=user.id, company_id=None, after={"username": username},
            )  # fmt: skip
            return user.id

    def set_password(
        self,
        username: str,
        password: str,
        *,
        actor: str,
        keep_tokens: bool = False,
        keep_session: str | None = None,
    ) -> PasswordChanged:
        """A new password (an administrator's reset, or the user's own change).

        Ends the user's sessions but ``keep_session`` (the session id of the browser
        that changed it) and revokes their API tokens unless ``keep_tokens``: whoever
        knew the old password may have opened a session or made a token with it.
        """
        if len(password) < 8:
            raise ValidationError("passordet må ha minst 8 tegn")
        now = self.clock.now()
        with self.sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash = hash_password(password)
            ended = delete(WebSession).where(WebSession.user_id == user.id)
            if keep_session is not None:
                ended = ended.where(WebSession.id != keep_session)
            sessions_ended = _rowcount(session.execute(ended))
            tokens_revoked = 0
            if not keep_tokens:
                revoke = (
                    update(ApiToken)
                    .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
                tokens_revoked = _rowcount(session.execute(revoke))
            audit.record(
                session, at=now, actor=actor, action="user.password",
                object_type="user", object_id=user.id, company_id=None,
                after={"sessions_ended": sessions_ended, "tokens_revoked": tokens_revoked},
            )  # fmt: skip
        return PasswordChanged(sessions_ended, tokens_revoked)

    def change_own_password(
        self, principal: Principal, current: str, new: str, *, keep_tokens: bool
    ) -> PasswordChanged:
        """The user's own change: the current password first; this session stays."""
        with self.sessions() as session:
            user = session.get_one(WebUser, principal.user_id)
            if not verify_password(user.password_hash, current):
                raise ValidationError(Message.of(WebCode.WRONG_PASSWORD), field="current")
        return self.set_password(
            principal.username, new, actor=principal.username, keep_tokens=keep_tokens,
            keep_session=principal.session_id,
        )  # fmt: skip

    def grant(self, username: str, company_id: int, role: str, *, actor: str) -> None:
        if role not in ROLES:
            raise ValidationError(f"rollen må være en av {', '.join(ROLES)}")
        with self.sessions.begin() as session:
            user = self._user(session, username)
            if session.get(Company, company_id) is None:
                raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
            row = session.get(Membership, (user.id, company_id))
            before = {"role": row.role} if row else None
            if row is None:
                session.add(Membership(user_id=user.id, company_id=company_id, role=role))
            else:
                row.role = role
            audit.record(
                session, at=self.clock.now(), actor=actor, action="user.grant",
                object_type="user", object_id=user.id, company_id=company_id,
                before=before, after={"username": user.username, "role": role},
            )  # fmt: skip

    def members(self, company_id: int) -> list[dict[str, Any]]:
        with self.sessions() as session:
            rows = session.execute(
                select(WebUser, Membership.role)
                .join(Membership, Membership.user_id == WebUser.id)
                .where(Membership.company_id == company_id)
                .order_by(WebUser.username)
            ).all()
            return [
                {"username": u.username, "name": u.name, "role": r, "active": u.active}
                for u, r in rows
            ]

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count(WebUser.id))) or 0)

    # -- login ----------------------------------------------------------------------

    def login(
        self, username: str, password: str, *, ip: str | None = None
    ) -> tuple[str, Principal]:
        """Check the password and open a session; return the cookie value.

        Refused for a while (:class:`Throttled`) after :data:`MAX_FAILURES` failures for
        the user name, or :data:`MAX_IP_FAILURES` failures from the IP address ``ip``
        across any user names, within :data:`FAILURE_WINDOW`.
        """
        username = username.strip().lower()
        now = self.clock.now()
        with self.sessions.begin() as session:
            recent = (LoginAttempt.ok.is_(False), LoginAttempt.at > now - FAILURE_WINDOW)
            failures = session.scalar(
                select(func.count(LoginAttempt.id)).where(
                    LoginAttempt.username == username, *recent
                )
            )
            if (failures or 0) >= MAX_FAILURES:
                raise Throttled
            if ip is not None:
                from_ip = session.scalar(
                    select(func.count(LoginAttempt.id)).where(LoginAttempt.ip == ip, *recent)
                )
                if (from_ip or 0) >= MAX_IP_FAILURES:
                    raise Throttled
            user = session.scalar(select(WebUser).where(WebUser.username == username))
            ok = user is not None and user.active and verify_password(user.password_hash, password)
            session.add(LoginAttempt(username=username, ip=ip, at=now, ok=ok))
            if not ok or user is None:
                # Commit the failed attempt, then refuse.
                session.commit()
                raise LoginFailed
            session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
            session.execute(delete(WebSession).where(WebSession.expires_at < now))
            secret = secrets.token_urlsafe(32)
            roles = self._roles(session, user.id)
            first = min(roles) if roles else None
            session.add(
                WebSession(
                    id=digest(secret),
                    user_id=user.id,
                    csrf=secrets.token_urlsafe(32),
                    company_id=first,
                    created_at=now,
                    expires_at=now + SESSION_LIFETIME,
                )
            )
        principal = self.from_session(secret)
        if principal is None:  # pragma: no cover - just created
            raise LoginFailed
        return secret, principal

    def logout(self, secret: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.id == digest(secret)))

    def from_session(self, secret: str) -> Principal | None:
        now = self.clock.now()
        with self.sessions() as session:
            row = session.get(WebSession, digest(secret))
            if row is None or _aware(row.expires_at) < now:
                return None
            user = session.get_one(WebUser, row.user_id)
            if not user.active:
                return None
            roles = self._roles(session, user.id)
            company = row.company_id if row.company_id in roles else (min(roles, default=None))
            return Principal(user.id, user.username, user.name, roles, row.id, row.csrf, company)

    def language(self, user_id: int) -> str:
        """The user's chosen language (``nb`` until they choose)."""
        with self.sessions() as session:
            return session.get_one(WebUser, user_id).language

    def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise ValidationError("ukjent språk")
        with self.sessions.begin() as session:
            session.get_one(WebUser, user_id).language = language

    def select_company(self, principal: Principal, company_id: int) -> None:
        principal.role(company_id)
        with self.sessions.begin() as session:
            row = session.get_one(WebSession, principal.session_id)
            row.company_id = company_id

    # -- API tokens -----------------------------------------------------------------

    def create_token(self, user_id: int, name: str, *, actor: str) -> str:
        """A new API token; the only time its text is shown."""
        secret = "rsk_" + secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.sessions.begin() as session:
            token = ApiToken(
                user_id=user_id,
                name=name or "API",
                digest=digest(secret),
                prefix=secret[:10],
                created_at=now,
            )
            session.add(token)
            session.flush()
            audit.record(
                session, at=now, actor=actor, action="token.create", object_type="api_token",
                object_id=token.id, company_id=None, after={"name": token.name},
            )  # fmt: skip
        return secret

    def tokens(self, user_id: int | None = None) -> list[TokenView]:
        """The API tokens of one user, or of every user (``None``)."""
        query = select(ApiToken, WebUser.username).join(WebUser, WebUser.id == ApiToken.user_id)
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        with self.sessions() as session:
            return [
                TokenView(
                    t.id, username, t.name, t.prefix, _aware(t.created_at), t.revoked_at is not None
                )
                for t, username in session.execute(query.order_by(ApiToken.id)).tuples()
            ]

    def user_id(self, username: str) -> int:
        """The id of the user called ``username`` (:class:`NotFound` if none)."""
        with self.sessions() as session:
            return self._user(session, username).id

    def revoke_token(self, user_id: int, token_id: int, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            token = session.get(ApiToken, token_id)
            if token is None or token.user_id != user_id:
                raise NotFound(Message.of(WebCode.NO_TOKEN, id=token_id))
            token.revoked_at = now
            audit.record(
                session, at=now, actor=actor, action="token.revoke", object_type="api_token",
                object_id=token.id, company_id=None, before={"name": token.name},
            )  # fmt: skip

    def from_token(self, secret: str) -> Principal | None:
        with self.sessions() as session:
            token = session.scalar(select(ApiToken).where(ApiToken.digest == digest(secret)))
            if token is None or token.revoked_at is not None:
                return None
            user = session.get_one(WebUser, token.user_id)
            if not user.active:
                return None
            return Principal(user.id, user.username, user.name, self._roles(session, user.id))

    # -- helpers --------------------------------------------------------------------

    def _roles(self, session: Session, user_id: int) -> dict[int, str]:
        rows = session.execute(
            select(Membership.company_id, Membership.role).where(Membership.user_id == user_id)
        ).all()
        return {int(c): str(r) for c, r in rows}

    def _user(self, session: Session, username: str) -> WebUser:
        user = session.scalar(select(WebUser).where(WebUser.username == username.lower()))
        if user is None:
            raise NotFound(Message.of(WebCode.NO_USER, user=username))
        return user


def _rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without a zone; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

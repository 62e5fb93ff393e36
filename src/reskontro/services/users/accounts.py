"""Users and their roles per company: create, set a password, grant, list, language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from reskontro.errors import Conflict, NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.users.access import MIN_PASSWORD, hash_password, verify_password
from reskontro.services.users.base import Base, rowcount
from reskontro.services.users.codes import UserCode
from reskontro.storage.models import Company
from reskontro.storage.models_web import (
    LANGUAGES,
    ROLES,
    ApiToken,
    Membership,
    WebSession,
    WebUser,
)
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    from reskontro.services.users.access import Principal


@dataclass(frozen=True, slots=True)
class PasswordChanged:
    """What a new password ended: the user's other sessions and their API tokens."""

    sessions_ended: int
    tokens_revoked: int


@dataclass(frozen=True, slots=True)
class Member:
    """A user with a role in a company, as the settings page lists them."""

    username: str
    name: str
    role: str
    active: bool


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(Message.of(UserCode.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD))


class Accounts(Base):
    def create_user(
        self, username: str, password: str, *, name: str | None = None, actor: str
    ) -> int:
        username = username.strip().lower()
        if not username:
            raise ValidationError(Message.of(UserCode.USERNAME_MISSING))
        _check_password(password)
        now = self.clock.now()
        with self.sessions.begin() as session:
            if session.scalar(select(WebUser.id).where(WebUser.username == username)):
                raise Conflict(Message.of(UserCode.USER_EXISTS, user=username), field="username")
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
        _check_password(password)
        now = self.clock.now()
        with self.sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash = hash_password(password)
            ended = delete(WebSession).where(WebSession.user_id == user.id)
            if keep_session is not None:
                ended = ended.where(WebSession.id != keep_session)
            sessions_ended = rowcount(session.execute(ended))
            tokens_revoked = 0
            if not keep_tokens:
                revoke = (
                    update(ApiToken)
                    .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
                tokens_revoked = rowcount(session.execute(revoke))
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
                raise ValidationError(Message.of(UserCode.WRONG_PASSWORD), field="current")
        return self.set_password(
            principal.username, new, actor=principal.username, keep_tokens=keep_tokens,
            keep_session=principal.session_id,
        )  # fmt: skip

    def grant(self, username: str, company_id: int, role: str, *, actor: str) -> None:
        if role not in ROLES:
            raise ValidationError(Message.of(UserCode.ROLE_UNKNOWN, allowed=", ".join(ROLES)))
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

    def members(self, company_id: int) -> list[Member]:
        with self.sessions() as session:
            rows = session.execute(
                select(WebUser, Membership.role)
                .join(Membership, Membership.user_id == WebUser.id)
                .where(Membership.company_id == company_id)
                .order_by(WebUser.username)
            ).all()
            return [Member(u.username, u.name, r, u.active) for u, r in rows]

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count(WebUser.id))) or 0)

    def user_id(self, username: str) -> int:
        """The id of the user called ``username`` (:class:`NotFound` if none)."""
        with self.sessions() as session:
            return self._user(session, username).id

    def language(self, user_id: int) -> str:
        """The user's chosen language (``nb`` until they choose)."""
        with self.sessions() as session:
            return session.get_one(WebUser, user_id).language

    def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise ValidationError(
                Message.of(UserCode.LANGUAGE_UNKNOWN, allowed=", ".join(LANGUAGES))
            )
        with self.sessions.begin() as session:
            session.get_one(WebUser, user_id).language = language


__all__ = ["Accounts", "Member", "PasswordChanged"]

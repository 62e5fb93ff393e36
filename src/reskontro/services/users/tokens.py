"""API tokens: made, listed (never their text), revoked, and who one stands for."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.users.access import Principal, aware, digest
from reskontro.services.users.base import Base
from reskontro.services.users.codes import UserCode
from reskontro.storage.models_web import ApiToken, WebUser

if TYPE_CHECKING:
    import datetime as dt


@dataclass(frozen=True)
class TokenView:
    """An API token as listed: never its text, only the first characters."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: dt.datetime
    revoked: bool


class Tokens(Base):
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
                    t.id, username, t.name, t.prefix, aware(t.created_at), t.revoked_at is not None
                )
                for t, username in session.execute(query.order_by(ApiToken.id)).tuples()
            ]

    def revoke_token(self, user_id: int, token_id: int, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            token = session.get(ApiToken, token_id)
            if token is None or token.user_id != user_id:
                raise NotFound(Message.of(UserCode.NO_TOKEN, id=token_id))
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


__all__ = ["TokenView", "Tokens"]

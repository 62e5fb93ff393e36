"""What every users use case shares: the sessions, the clock, and two look-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.users.codes import UserCode
from reskontro.storage.models_web import Membership, WebUser

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult, Result
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


class Base:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    @staticmethod
    def _roles(session: Session, user_id: int) -> dict[int, str]:
        rows = session.execute(
            select(Membership.company_id, Membership.role).where(Membership.user_id == user_id)
        ).all()
        return {int(c): str(r) for c, r in rows}

    @staticmethod
    def _user(session: Session, username: str) -> WebUser:
        user = session.scalar(select(WebUser).where(WebUser.username == username.lower()))
        if user is None:
            raise NotFound(Message.of(UserCode.NO_USER, user=username))
        return user


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


__all__ = ["Base", "rowcount"]

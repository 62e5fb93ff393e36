"""Logging in and out: login sessions, their company, and throttling of failures."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, func, select

from reskontro.services.users.access import (
    LoginFailed,
    Principal,
    Throttled,
    aware,
    digest,
    verify_password,
)
from reskontro.services.users.base import Base
from reskontro.storage.models_web import LoginAttempt, WebSession, WebUser

SESSION_LIFETIME = dt.timedelta(hours=12)
#: Failed logins for one user name within the window before logins are refused.
MAX_FAILURES = 5
#: Failed logins from one IP address (whatever the user names) within the window.
MAX_IP_FAILURES = 20
FAILURE_WINDOW = dt.timedelta(minutes=15)


class Logins(Base):
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
            if row is None or aware(row.expires_at) < now:
                return None
            user = session.get_one(WebUser, row.user_id)
            if not user.active:
                return None
            roles = self._roles(session, user.id)
            company = row.company_id if row.company_id in roles else (min(roles, default=None))
            return Principal(user.id, user.username, user.name, roles, row.id, row.csrf, company)

    def select_company(self, principal: Principal, company_id: int) -> None:
        principal.role(company_id)
        with self.sessions.begin() as session:
            row = session.get_one(WebSession, principal.session_id)
            row.company_id = company_id


__all__ = ["FAILURE_WINDOW", "MAX_FAILURES", "MAX_IP_FAILURES", "SESSION_LIFETIME", "Logins"]

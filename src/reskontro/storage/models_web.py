"""Web users, their companies and roles, login sessions, API tokens, login attempts.

Secrets are never stored: session ids and API tokens are kept as SHA-256 digests,
passwords as argon2 hashes.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.storage.models import Base

ROLES = ("admin", "bank_and_payments", "invoicing", "read_only")
#: The languages of the web app (bokmål first, the default).
LANGUAGES = ("nb", "en")


class WebUser(Base):
    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(2), default="nb")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Membership(Base):
    """A user's role in one company; a user sees only companies with a membership."""

    __tablename__ = "web_membership"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'bank_and_payments', 'invoicing', 'read_only')", name="role"
        ),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))


class WebSession(Base):
    __tablename__ = "web_session"

    #: SHA-256 of the cookie value.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    __tablename__ = "web_api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: SHA-256 of the token.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    __tablename__ = "web_login_attempt"
    __table_args__ = (
        Index("ix_web_login_attempt_username_at", "username", "at"),
        Index("ix_web_login_attempt_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200))
    #: The client's address, for throttling per IP across user names (0006).
    ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ok: Mapped[bool] = mapped_column(Boolean)

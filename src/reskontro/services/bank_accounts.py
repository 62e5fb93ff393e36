"""The company's bank accounts, the source of payments per account, and the check that
a payment file books only to those (issue 11, finding 3).

A payment file names the accounts it books to (each OCR assignment, each camt
notification's ``Acct``). Before anything is booked, every one of them must be an
account of the company's, and the file's format must be the source chosen for that
account (``ocr``, ``camt`` or ``both``); otherwise the file is rejected whole, with the
line (and for camt the XPath) of the account, and kept for inspection. It does not
matter how the file came (upload, CLI, fetched from a bank channel): every one goes
through :class:`~reskontro.services.payments.importer.PaymentImporter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from stdnum import iban

from reskontro.domain.bank_account import AccountCode, AccountSource, account_key
from reskontro.domain.company import validate_account
from reskontro.domain.payment import FileFormat
from reskontro.errors import FileFormatError, InvalidNumber, NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage import repo
from reskontro.storage.models import CompanyAccount

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.domain.bank_account import AccountSeen
    from reskontro.storage.models import Company

__all__ = [
    "AccountGate",
    "BankAccounts",
    "CompanyAccountView",
    "add_main_account",
    "parse_account",
    "parse_source",
]


@dataclass(frozen=True, slots=True)
class CompanyAccountView:
    """One account of the company's as listed (CLI ``--json``, API, bank settings page)."""

    account: str
    source: AccountSource
    #: The company's main account (the one on its invoices).
    main: bool


def parse_account(text: str) -> str:
    """An 11-digit BBAN from a BBAN (dots and blanks allowed) or a Norwegian IBAN."""
    written = "".join(text.split()).upper()
    number = account_key(text)
    try:
        if written.startswith("NO") and not iban.is_valid(written):
            number = ""  # an IBAN whose check digits are wrong
        return validate_account(number)
    except InvalidNumber:
        raise ValidationError(
            Message.of(AccountCode.INVALID, account=text), field="account"
        ) from None


def parse_source(text: str) -> AccountSource:
    try:
        return AccountSource(text.strip().lower())
    except ValueError:
        raise ValidationError(
            Message.of(AccountCode.SOURCE_VALUES, source=text), field="source"
        ) from None


def add_main_account(session: Session, company: Company, now: dt.datetime) -> None:
    """List the company's main account (source ``both``) if it is not listed yet."""
    listed = session.execute(
        select(CompanyAccount.id).where(
            CompanyAccount.company_id == company.id, CompanyAccount.account == company.account
        )
    ).scalar_one_or_none()
    if listed is None:
        session.add(
            CompanyAccount(
                company_id=company.id, account=company.account,
                source=AccountSource.BOTH.value, created_at=now,
            )
        )  # fmt: skip


class BankAccounts:
    """List, add (or change the source of) and remove the company's accounts."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def of(self, company_id: int) -> list[CompanyAccountView]:
        with self.sessions() as session:
            return _views(session, company_id)

    def add(
        self, company_id: int, account: str, source: AccountSource | str, *, actor: str
    ) -> list[CompanyAccountView]:
        """Add ``account`` with ``source``, or set the source of one already listed."""
        number = parse_account(account)
        chosen = source if isinstance(source, AccountSource) else parse_source(source)
        now = self.clock.now()
        with self.sessions.begin() as session:
            _company(session, company_id)
            row = _row(session, company_id, number)
            before = None if row is None else {"account": number, "source": row.source}
            if row is None:
                session.add(
                    CompanyAccount(
                        company_id=company_id, account=number, source=chosen.value,
                        created_at=now,
                    )
                )  # fmt: skip
            else:
                row.source = chosen.value
            audit.record(
                session, at=now, actor=actor, action="company.account_add",
                object_type="company", object_id=company_id, company_id=company_id,
                before=before, after={"account": number, "source": chosen.value},
            )  # fmt: skip
            session.flush()
            return _views(session, company_id)

    def remove(self, company_id: int, account: str, *, actor: str) -> list[CompanyAccountView]:
        """Remove ``account``: files for it are rejected from now on. The last one stays."""
        number = parse_account(account)
        now = self.clock.now()
        with self.sessions.begin() as session:
            _company(session, company_id)
            row = _row(session, company_id, number)
            if row is None:
                raise NotFound(Message.of(AccountCode.UNKNOWN, account=number))
            count = session.execute(
                select(func.count()).where(CompanyAccount.company_id == company_id)
            ).scalar_one()
            if count <= 1:
                raise ValidationError(Message.of(AccountCode.LAST_ONE, account=number))
            session.delete(row)
            audit.record(
                session, at=now, actor=actor, action="company.account_remove",
                object_type="company", object_id=company_id, company_id=company_id,
                before={"account": number, "source": row.source},
            )  # fmt: skip
            session.flush()
            return _views(session, company_id)


def _company(session: Session, company_id: int) -> Company:
    return repo.company(session, company_id)


def _row(session: Session, company_id: int, account: str) -> CompanyAccount | None:
    return session.execute(
        select(CompanyAccount).where(
            CompanyAccount.company_id == company_id, CompanyAccount.account == account
        )
    ).scalar_one_or_none()


def _views(session: Session, company_id: int) -> list[CompanyAccountView]:
    main = _company(session, company_id).account
    rows = session.execute(
        select(CompanyAccount.account, CompanyAccount.source)
        .where(CompanyAccount.company_id == company_id)
        .order_by(CompanyAccount.account)
    ).all()
    return [CompanyAccountView(a, AccountSource(s), a == main) for a, s in rows]


class AccountGate:
    """Checks the accounts a payment file books to, inside the import's transaction.

    Read once per file; :meth:`check` takes the file's accounts as far as they are
    known (a camt stream names each notification's account before its payments) and
    checks those not checked yet, so it is called before each batch and at the end.
    """

    def __init__(self, session: Session, company_id: int, kind: FileFormat) -> None:
        self.kind = kind
        self.sources = {
            account: AccountSource(source)
            for account, source in session.execute(
                select(CompanyAccount.account, CompanyAccount.source).where(
                    CompanyAccount.company_id == company_id
                )
            ).all()
        }
        self.checked = 0

    def check(self, accounts: Sequence[AccountSeen]) -> None:
        """Raise :class:`FileFormatError` for the first account not the company's, or
        not taking files of this format."""
        fmt = "ocr" if self.kind == FileFormat.OCR else "camt"
        while self.checked < len(accounts):
            seen = accounts[self.checked]
            self.checked += 1
            source = self.sources.get(seen.account)
            if source is None:
                message = Message.of(AccountCode.NOT_COMPANYS, account=seen.account)
            elif not source.takes(self.kind):
                message = Message.of(
                    AccountCode.SOURCE_NOT_CHOSEN, account=seen.account, format=fmt,
                    source=source.value,
                )  # fmt: skip
            else:
                continue
            raise FileFormatError(message, line=seen.line, path=seen.path)

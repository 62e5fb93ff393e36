"""What every request needs: the services, who is asking, and a CSRF check."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import UploadFile

from reskontro.channels.mailer import SmtpSettings
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message
from reskontro.services.automation import (
    Agreements,
    AutomationStatus,
    BankChannels,
    Scheduler,
    automation_status,
    build_automation,
)
from reskontro.services.bank_accounts import BankAccounts
from reskontro.services.followup import FollowUp
from reskontro.services.followup.run_jobs import RunJobs
from reskontro.services.invoicing.books import Books
from reskontro.services.payments import PaymentImporter
from reskontro.services.payments.inbox import Inbox
from reskontro.services.payments.jobs import ImportJobs
from reskontro.services.users import Forbidden, Principal, Users
from reskontro.web.codes import WebCode
from reskontro.web.connection import ConnectionTests

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.storage.filestore import FileStore

SESSION_COOKIE = "reskontro_session"
LOGIN_CSRF_COOKIE = "reskontro_login_csrf"


@dataclass
class Services:
    sessions: sessionmaker[Session]
    clock: Clock
    store: FileStore
    secure_cookies: bool

    def __post_init__(self) -> None:
        self.books = Books(self.sessions, self.clock)
        self.inbox = Inbox(self.sessions, self.clock)
        self.followup = FollowUp(self.sessions, self.clock, self.store)
        self.users = Users(self.sessions, self.clock)
        self.agreements = Agreements(self.sessions, self.clock)
        self.bank_accounts = BankAccounts(self.sessions, self.clock)
        self.channels = BankChannels(self.sessions, self.clock)
        # The worker's services, for the notification settings and the status page;
        # the web app itself sends no e-mail and fetches nothing on a schedule.
        self.automation = build_automation(self.sessions, self.clock, store=self.store)
        self.importer: PaymentImporter = self.automation.fetcher.importer
        self.notifier = self.automation.notifier
        self.scheduler = Scheduler(self.automation)
        self.connection_tests = ConnectionTests(self.clock)
        self.import_jobs = ImportJobs(self.importer, self.clock)
        #: How long an upload's answer waits for its import: a small file's page then
        #: shows the result at once, a big one's shows the import's progress.
        self.upload_wait = 2.0
        self.followup_runs = RunJobs(self.followup, self.clock)
        #: How long *Kjør nå* waits for its run before answering with its progress page.
        self.run_wait = 2.0

    def operations_status(self, company_id: int) -> AutomationStatus:
        """Channels, jobs and the e-mail outbox (:func:`automation_status`), for the
        status page, the dashboard and the API. A broken SMTP set-up in the environment
        shows as "not set up" instead of taking them down."""
        try:
            smtp = SmtpSettings.from_env()
        except ReskontroError:
            smtp = None
        return automation_status(self.scheduler, company_id, smtp)


class LoginRequired(ReskontroError):
    """No valid session: pages redirect to the login page, the API answers 401."""

    default_message = "innlogging kreves"


class CsrfFailed(ReskontroError):
    default_message = "skjemaet er utløpt eller ugyldig (CSRF); last siden på nytt"


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


def page_principal(request: Request, svc: ServicesDep) -> Principal:
    secret = request.cookies.get(SESSION_COOKIE)
    principal = svc.users.from_session(secret) if secret else None
    if principal is None:
        raise LoginRequired
    request.state.principal = principal
    return principal


PagePrincipal = Annotated[Principal, Depends(page_principal)]

_bearer = HTTPBearer(auto_error=False, description="API-token fra Innstillinger → API-tokens")


def api_principal(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    principal = svc.users.from_token(credentials.credentials) if credentials else None
    if principal is None:
        raise LoginRequired("gyldig API-token kreves (Authorization: Bearer ...)")
    request.state.principal = principal
    return principal


ApiPrincipal = Annotated[Principal, Depends(api_principal)]


async def checked_form(request: Request, principal: Principal) -> dict[str, Any]:
    """The posted form, after its CSRF token is checked against the session's."""
    form = await request.form()
    sent = form.get("csrf")
    if (
        not isinstance(sent, str)
        or not principal.csrf
        or not hmac.compare_digest(sent, principal.csrf)
    ):
        await form.close()
        raise CsrfFailed
    # Kept for the error handler, which sends a failed form back with its input
    # (:mod:`reskontro.web.flash`).
    request.state.form = dict(form)
    return dict(form)


async def _page_form(request: Request, principal: PagePrincipal) -> AsyncIterator[dict[str, Any]]:
    form = await checked_form(request, principal)
    try:
        yield form
    finally:  # an uploaded file's spooled copy is closed once the handler is done
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()


#: The posted form of a page, CSRF-checked, read on the event loop before a plain
#: ``def`` handler runs: the handler then runs in the thread pool, so a slow use case
#: never holds other requests (issue 18).
CheckedForm = Annotated[dict[str, Any], Depends(_page_form)]


def allowed_folder(path: str) -> str:
    """A folder channel's folder, if it is under the operator's root (else 422)."""
    from reskontro.channels import ChannelError
    from reskontro.channels.folder import checked_folder

    try:
        return str(checked_folder(path))
    except ChannelError as exc:
        raise ValidationError(exc.msg or exc.message, field="path") from None


def current_company(principal: Principal) -> int:
    if principal.company_id is None:
        raise Forbidden(Message.of(WebCode.NO_COMPANY_YET))
    return principal.company_id


def allowed_company(principal: Principal, permission: str) -> int:
    """The principal's current company, where their role must allow ``permission``
    (Forbidden otherwise)."""
    company_id = current_company(principal)
    principal.require(company_id, permission)
    return company_id

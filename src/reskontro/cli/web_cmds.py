"""``reskontro serve`` and ``reskontro user ...``: the web app and its users."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from reskontro.cli.common import (
    Context,
    DbOption,
    JsonOption,
    actor,
    console,
    err_console,
    open_company,
    print_json,
)
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.users.codes import UserCode

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-passord"  # noqa: S105 - the published demo login

user_app = typer.Typer(help="Web users, their roles per company and API tokens.")
token_app = typer.Typer(help="API tokens: create one for a user, list them, revoke one.")


def ensure_demo(ctx: Context) -> tuple[str, str] | None:
    """On first start: demo data, and a demo administrator. Returns the demo login."""
    from reskontro.cli.demo import seed
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    if not ctx.books.companies():
        console.print("First start: creating demo data ...")
        seed(ctx, SystemClock().today())
    users = Users(ctx.sessions, SystemClock())
    if users.count() == 0:
        users.create_user(DEMO_USER, DEMO_PASSWORD, name="Demo Bruker", actor="demo")
        for company in ctx.books.companies():
            users.grant(DEMO_USER, company.id, "admin", actor="demo")
        return DEMO_USER, DEMO_PASSWORD
    return None


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="Create demo data and a demo login on first start.")
    ] = True,
    secure_cookies: Annotated[
        bool, typer.Option(help="Mark cookies Secure (when served behind TLS).")
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="The reverse proxy whose X-Forwarded-For/-Proto headers are believed"
            " (addresses or networks, comma-separated); else $RESKONTRO_TRUSTED_PROXIES;"
            " else none.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (each with its own connection pool and, on Linux,"
            " its own listening socket); about one per CPU core; SIGHUP replaces them one"
            " by one. PostgreSQL, or SQLite in WAL mode on a local disk.",
        ),
    ] = 1,
) -> None:
    """Run the web app and REST API (uvicorn).

    The settings of the environment (RESKONTRO_SMTP_*, RESKONTRO_AP_*,
    RESKONTRO_EFAKTURA*) are checked first: a wrong one stops the start, named."""
    import uvicorn

    from reskontro.clock import SystemClock
    from reskontro.web.app import create_app
    from reskontro.web.server import run_workers, trusted_proxies, uvicorn_config
    from reskontro.web.workers import PortTaken
    from reskontro.worker import check_settings

    check_settings()  # a wrong setting stops the start, naming the variable
    ctx = Context(db)
    login = ensure_demo(ctx) if demo else None
    app = create_app(ctx.sessions, SystemClock(), secure_cookies=secure_cookies)
    console.print(f"reskontro is running at http://{host}:{port}/  (database {ctx.engine.url!r})")
    if login is not None:
        console.print(f"Demo login: user [bold]{login[0]}[/] password [bold]{login[1]}[/]")
    elif demo:
        console.print(f"Demo login (if unchanged): user {DEMO_USER} password {DEMO_PASSWORD}")
    proxies = trusted_proxies(forwarded_allow_ips)
    if proxies:
        console.print(f"Forwarded headers believed from: {proxies}")
    if workers > 1:
        console.print(f"Starting {workers} worker processes")
        url = ctx.engine.url.render_as_string(hide_password=False)
        try:
            started = run_workers(
                workers, database_url=url, secure_cookies=secure_cookies,
                host=host, port=port, proxies=proxies,
            )  # fmt: skip
        except PortTaken as taken:
            err_console.print(f"error: {taken}", markup=False)
            raise typer.Exit(1) from None
        if not started:
            err_console.print("error: a worker process could not start (see above)")
            raise typer.Exit(1)
        return
    uvicorn.Server(uvicorn_config(app, host=host, port=port, proxies=proxies)).run()


@user_app.command("create")
def user_create(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    company: Annotated[int, typer.Option(help="Company id to grant a role in.")],
    role: Annotated[str, typer.Option(help="admin, bank_and_payments, invoicing, read_only")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    db: DbOption = None,
) -> None:
    """Create a user with a role in one company."""
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    ctx, company_id = open_company(db, company)
    users = Users(ctx.sessions, SystemClock())
    users.create_user(username, password, name=name, actor=actor())
    users.grant(username, company_id, role, actor=actor())
    console.print(f"user {username} created with role {role} in company {company}")


@user_app.command("grant")
def user_grant(
    username: str,
    company: Annotated[int, typer.Option(help="Company id.")],
    role: Annotated[str, typer.Option(help="admin, bank_and_payments, invoicing, read_only")],
    db: DbOption = None,
) -> None:
    """Give a user a role in a company (or change it)."""
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    ctx, company_id = open_company(db, company)
    Users(ctx.sessions, SystemClock()).grant(username, company_id, role, actor=actor())
    console.print(f"{username} is {role} in company {company}")


@user_app.command("password")
def user_password(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    keep_tokens: Annotated[
        bool, typer.Option(help="Keep the user's API tokens (else they are revoked).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Set a user's password; ends their sessions and revokes their API tokens."""
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    ctx = Context(db)
    changed = Users(ctx.sessions, SystemClock()).set_password(
        username, password, actor=actor(), keep_tokens=keep_tokens
    )
    console.print(
        f"password of {username} changed; sessions ended: {changed.sessions_ended},"
        f" API tokens revoked: {changed.tokens_revoked}"
    )


@token_app.command("create")
def token_create(
    username: str,
    name: Annotated[str, typer.Option(help="What the token is for (shown in lists).")] = "API",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API token for USERNAME; its text is shown this once only.

    Use it as ``Authorization: Bearer TOKEN`` against ``/api/v1/``; it has the user's
    roles."""
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    ctx = Context(db)
    users = Users(ctx.sessions, SystemClock())
    user_id = users.user_id(username)
    secret = users.create_token(user_id, name, actor=actor())
    created = next(t for t in reversed(users.tokens(user_id)) if secret.startswith(t.prefix))
    if as_json:
        print_json({"id": created.id, "user": username, "name": created.name, "token": secret})
        return
    console.print(f"API token {created.id} ({created.name}) for {username}; shown this once:")
    sys.stdout.write(secret + "\n")  # plain: piped or copied without rich's wrapping


@token_app.command("list")
def token_list(
    username: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List API tokens (never their text: the first characters only)."""
    from reskontro.clock import OSLO, SystemClock
    from reskontro.jsonable import to_jsonable
    from reskontro.services.users import Users

    ctx = Context(db)
    users = Users(ctx.sessions, SystemClock())
    found = users.tokens(users.user_id(username) if username else None)
    if as_json:
        print_json(to_jsonable(found))
        return
    table = Table("id", "user", "name", "starts with", "created (Oslo)", "state")
    for t in found:
        created = t.created_at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")
        state = "revoked" if t.revoked else "active"
        table.add_row(str(t.id), t.username, t.name, t.prefix + "…", created, state)
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (token list).")],
    db: DbOption = None,
) -> None:
    """Revoke an API token: requests with it are refused from now on."""
    from reskontro.clock import SystemClock
    from reskontro.services.users import Users

    ctx = Context(db)
    users = Users(ctx.sessions, SystemClock())
    token = next((t for t in users.tokens() if t.id == token_id), None)
    if token is None:
        raise NotFound(Message.of(UserCode.NO_TOKEN, id=token_id))
    users.revoke_token(users.user_id(token.username), token_id, actor=actor())
    console.print(f"API token {token_id} of {token.username} revoked")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")

"""``reskontro serve`` and ``reskontro user ...``: the web app and its users."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import Context, DbOption, actor, console

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-passord"  # noqa: S105 - the published demo login

user_app = typer.Typer(help="Web users, their roles per company and API tokens.")


def ensure_demo(ctx: Context) -> tuple[str, str] | None:
    """On first start: demo data, and a demo administrator. Returns the demo login."""
    from reskontro.cli.demo import seed
    from reskontro.clock import SystemClock
    from reskontro.web.auth import Users

    if not ctx.books.companies():
        console.print("First start: creating demo data ...")
        seed(ctx, SystemClock().today())
    users = Users(ctx.sessions, SystemClock())
    if users.count() == 0:
        users.create_user(DEMO_USER, DEMO_PASSWORD, name="Demo Bruker", actor="demo")
        for company in ctx.books.companies():
            users.grant(DEMO_USER, company["id"], "admin", actor="demo")
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
) -> None:
    """Run the web app and REST API (uvicorn)."""
    import uvicorn

    from reskontro.clock import SystemClock
    from reskontro.web.app import create_app
    from reskontro.web.server import trusted_proxies, uvicorn_config

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
    from reskontro.web.auth import Users

    ctx = Context(db)
    users = Users(ctx.sessions, SystemClock())
    users.create_user(username, password, name=name, actor=actor())
    users.grant(username, ctx.company(company), role, actor=actor())
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
    from reskontro.web.auth import Users

    ctx = Context(db)
    Users(ctx.sessions, SystemClock()).grant(username, ctx.company(company), role, actor=actor())
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
    from reskontro.web.auth import Users

    ctx = Context(db)
    changed = Users(ctx.sessions, SystemClock()).set_password(
        username, password, actor=actor(), keep_tokens=keep_tokens
    )
    console.print(
        f"password of {username} changed; sessions ended: {changed.sessions_ended},"
        f" API tokens revoked: {changed.tokens_revoked}"
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")

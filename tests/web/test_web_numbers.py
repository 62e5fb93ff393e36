"""Out-of-range numbers anywhere → 404 or 422 with a message, never 500 (issue 16).

Walks every route of the app, pages and API, and feeds each integer parameter — in the
path, the query, a JSON body or a posted form — 2⁶³, 10²⁰ and −1 in turn.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

if TYPE_CHECKING:
    from tests.web.conftest import Web

HUGE = (2**63, 10**20, -1)
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "reskontro" / "web" / "templates"
#: Every form field the templates name, and the ones they generate per line or item.
FORM_FIELDS = sorted(
    set(re.findall(r'name="([a-z_0-9]+)"', "".join(p.read_text() for p in TEMPLATES.iterdir())))
    .union({"description_0", "quantity_0", "price_0", "vat_0", "invoice", "customer"})
    .union({"amount_invoice_1", "amount_payment_1"})
    .difference({"csrf", "file"})
)


def _routes(app_routes: list[Any]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in app_routes:
        original = getattr(route, "original_router", None)
        if original is not None:
            found.extend(_routes(original.routes))
        elif isinstance(route, APIRoute):
            found.append(route)
    return found


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        return int in typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        return _is_int(typing.get_args(annotation)[0])
    return False


def _sample(annotation: Any, target: int | None) -> Any:
    """A value of ``annotation``: ints are ``target`` (or 1), the rest plausible."""
    origin = typing.get_origin(annotation)
    if origin in {typing.Union, types.UnionType}:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _sample(args[0], target)
    if origin is list:
        return [_sample(typing.get_args(annotation)[0], target)]
    if annotation is int:
        return 1 if target is None else target
    if annotation is bool:
        return False
    if annotation is dt.date:
        return "2026-12-01"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {n: _sample(f.annotation, target) for n, f in annotation.model_fields.items()}
    return "x"


def _int_fields(model: type[BaseModel]) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        inner = field.annotation
        if typing.get_origin(inner) is list:
            inner = typing.get_args(inner)[0]
        if _is_int(inner) or (isinstance(inner, type) and issubclass(inner, BaseModel)):
            names.append(name)
    return names


def _path(route: APIRoute, web: Web, target: tuple[str, int] | None) -> str:
    path = route.path
    for param in route.dependant.path_params:
        value: object = 1 if _is_int(param.field_info.annotation) else "x"
        if param.name == "company_id":
            value = web.company
        if target is not None and param.name == target[0]:
            value = target[1]
        path = path.replace("{" + param.name + "}", str(value))
    return path


def _requests(route: APIRoute, web: Web) -> list[tuple[str, dict[str, Any]]]:
    """Each request that puts one huge value into one integer parameter."""
    found: list[tuple[str, dict[str, Any]]] = []
    api = route.path.startswith("/api/")
    for value in HUGE:
        found.extend(
            (_path(route, web, (param.name, value)), {})
            for param in route.dependant.path_params
            if _is_int(param.field_info.annotation)
        )
        found.extend(
            (_path(route, web, None), {"params": {param.alias: value}})
            for param in route.dependant.query_params
            if _is_int(param.field_info.annotation)
        )
        for param in route.dependant.body_params:
            model = param.field_info.annotation
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                continue
            for name in _int_fields(model):
                body = _sample(model, None)
                body[name] = _sample(model.model_fields[name].annotation, value)
                found.append((_path(route, web, None), {"json": body}))
        if not api and "POST" in (route.methods or ()):
            found.append((_path(route, web, None), {"form": dict.fromkeys(FORM_FIELDS, value)}))
    return found


def test_huge_numbers_never_give_500(web_any: Web) -> None:
    web = web_any
    page_client, csrf = web.login("admin")
    page_client = TestClient(web.app, raise_server_exceptions=False, cookies=page_client.cookies)
    api_client = TestClient(web.app, raise_server_exceptions=False)
    api_client.headers["Authorization"] = f"Bearer {web.tokens['admin']}"
    failures: list[str] = []
    checked = 0
    for route in _routes(web.app.routes):
        client = api_client if route.path.startswith("/api/") else page_client
        for method in sorted(set(route.methods or ()) - {"HEAD"}):
            if route.path in {"/logout", "/login"}:
                continue
            for path, options in _requests(route, web):
                if method == "GET" and ("json" in options or "form" in options):
                    continue
                if "form" in options:
                    form = {k: str(v) for k, v in options["form"].items()}
                    response = client.request(method, path, data={**form, "csrf": csrf})
                else:
                    response = client.request(method, path, **options)
                checked += 1
                if response.status_code >= 500:
                    failures.append(f"{method} {path} {options}: {response.status_code}")
                elif response.status_code in {404, 422} and path.startswith("/api/"):
                    assert response.json().get("message") or response.json().get("problems")
    assert failures == [], "\n".join(failures)
    assert checked > 100


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**63)])
def test_a_huge_invoice_number_is_not_found(web: Web, value: str) -> None:
    client, _ = web.login()
    response = client.get(f"/invoices/{value}")
    assert response.status_code in {404, 422}
    api = web.api("admin").get(f"/api/v1/companies/{web.company}/invoices/{value}")
    assert api.status_code in {404, 422}
    assert api.json()["message"]


def test_a_unit_price_of_1e30_is_refused(web: Web) -> None:
    body = {"customer_number": web.customer,
            "lines": [{"description": "x", "unit_price_ore": 1e30}]}  # fmt: skip
    api = web.api("admin").post(f"/api/v1/companies/{web.company}/invoices", json=body)
    assert api.status_code == 422
    client, csrf = web.login()
    form = {"csrf": csrf, "customer": str(web.customer), "description_0": "x",
            "quantity_0": "1", "price_0": "1e30", "vat_0": "25"}  # fmt: skip
    page = client.post("/invoices", data=form)
    # The draft form comes back with what was typed and the error beside it (400).
    assert page.status_code in {400, 422}
    assert "for stort" in page.text or "too large" in page.text

"""Follow-up (oppfølging) in the browser: the overdue list with its filters and the
aging per customer, the reminder, inkassovarsel and betalingsoppfordring runs (a
preview, the dry run, as a table; then the run), interest notes, the hand-off to debt
collection with its files, and holds and disputes. The same services as ``reskontro
remind|collect|demand|interest|handoff|hold|dispute`` (:mod:`reskontro.services.followup`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.domain.followup import Bucket
from reskontro.domain.payment import PaymentError
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services.followup.exports import FORMATS, handoff_file, handoffs
from reskontro.storage.repo import invoice_id_by_number
from reskontro.web.codes import WebCode
from reskontro.web.csv_export import Ore, csv_response
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_date
from reskontro.web.followup_runs import KINDS, start_page
from reskontro.web.followup_tabs import TABS
from reskontro.web.pick import chosen, real_customers
from reskontro.web.render import render

if TYPE_CHECKING:
    from reskontro.services.followup.overdue import OverdueInvoice
    from reskontro.services.followup.reminders import LetterRun

router = APIRouter(include_in_schema=False)

#: What the overdue list can be narrowed to besides customer and bucket.
STATES = ("disputed", "held", "handed_over", "plain")


@dataclass(frozen=True, slots=True)
class OverdueFilter:
    customer: int | None = None
    bucket: str | None = None
    min_days: int | None = None
    state: str | None = None

    def keeps(self, i: OverdueInvoice) -> bool:
        plain = not (i.disputed or i.hold or i.handed_over)
        state_fits = {
            None: True, "disputed": i.disputed, "held": i.hold is not None,
            "handed_over": i.handed_over, "plain": plain,
        }.get(self.state, True)  # fmt: skip
        return (
            (self.customer is None or i.customer_number == self.customer)
            and (self.bucket is None or i.bucket.value == self.bucket)
            and (self.min_days is None or i.days_overdue >= self.min_days)
            and state_fits
        )


def _number(text: str | None, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        raise ValidationError(Message.of(WebCode.UNKNOWN_CHOICE, value=text), field=field)
    return int(text)


def _filter(customer: str | None, bucket: str | None, min_days: str | None,
            state: str | None) -> OverdueFilter:  # fmt: skip
    return OverdueFilter(
        customer=_number(customer, "customer"),
        bucket=bucket if bucket in {b.value for b in Bucket} else None,
        min_days=_number(min_days, "min_days"),
        state=state if state in STATES else None,
    )


@router.get("/followup/overdue.csv")
def overdue_csv(
    principal: PagePrincipal,
    svc: ServicesDep,
    customer: str | None = None,
    bucket: str | None = None,
    min_days: str | None = None,
    state: str | None = None,
) -> Response:
    """The overdue list as CSV, with the page's filters applied."""
    cid = current_company(principal)
    f = _filter(customer, bucket, min_days, state)
    rows = [i for i in svc.followup.overdue(cid).invoices if f.keeps(i)]
    header = ("invoice_number", "customer_number", "customer_name", "due_date", "days_overdue",
              "open", "fees", "letters", "disputed", "held", "handed_over")  # fmt: skip
    return csv_response("forfalte.csv", header, (
        (i.number, i.customer_number, i.customer_name, i.due_date, i.days_overdue,
         Ore(i.open_ore), Ore(i.fees_ore), i.letters, int(i.disputed), int(i.hold is not None),
         int(i.handed_over))
        for i in rows
    ))  # fmt: skip


@router.get("/followup/documents/{document_id}.pdf")
def document_pdf(principal: PagePrincipal, svc: ServicesDep, document_id: int) -> Response:
    """A reminder's, inkassovarsel's or interest note's PDF as it was sent."""
    cid = current_company(principal)
    pdf = svc.followup.document_pdf(cid, document_id)
    disposition = f'attachment; filename="{pdf.filename}"'
    return Response(
        pdf.content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )


@router.get("/followup")
def overdue_page(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    customer: str | None = None,
    bucket: str | None = None,
    min_days: str | None = None,
    state: str | None = None,
) -> HTMLResponse:
    cid = current_company(principal)
    f = _filter(customer, bucket, min_days, state)
    today = svc.clock.today()
    overdue = svc.followup.overdue(cid, today=today)
    aging = svc.followup.aging(cid, today=today)
    rows = [i for i in overdue.invoices if f.keeps(i)]
    ages = [a for a in aging.customers if f.customer is None or a.customer_number == f.customer]
    return render(request, "followup.html", {
        "tabs": TABS, "f": f, "rows": rows, "open_ore": sum(i.open_ore for i in rows),
        "aging": ages, "buckets": [b for b in Bucket if b is not Bucket.NOT_DUE],
        "customers": real_customers(svc, cid), "today": today, "states": STATES,
        "query": request.url.query,
    })  # fmt: skip


#: The letter runs by the page's name.
LETTER_RUNS = {"reminders", "notices", "demands"}


def _preview(svc: Services, cid: int, kind: str, combined: bool) -> LetterRun:
    if kind == "reminders":
        return svc.followup.remind(cid, dry_run=True, actor="preview")
    if kind == "demands":
        return svc.followup.demand(cid, dry_run=True, actor="preview")
    return svc.followup.collect(cid, dry_run=True, combined=combined, actor="preview")


@router.get("/followup/{kind}")
def letters_preview(
    request: Request, principal: PagePrincipal, svc: ServicesDep, kind: str, combined: bool = False
) -> HTMLResponse:
    """The dry run as a table: who gets what, the fee and deadline, who is skipped, why."""
    if kind not in LETTER_RUNS:
        return _other_page(request, principal, svc, kind)
    cid = current_company(principal)
    run = _preview(svc, cid, kind, combined)
    return render(request, "followup_run.html", {
        "tabs": TABS, "kind": kind, "run": run, "combined": combined, "done": None,
    })  # fmt: skip


@router.post("/followup/{kind}")
def letters_run(
    request: Request, principal: PagePrincipal, svc: ServicesDep, kind: str, form: CheckedForm
) -> Response:
    """The run itself, in the background (:mod:`reskontro.web.followup_runs`): the answer
    is the run's page, which follows it and then lists the letters it recorded (PDFs
    made, e-mails queued); the other follow-up actions answer here."""
    if kind in KINDS:
        return start_page(principal, svc, kind, form)
    return _other_action(request, principal, svc, kind, form)


def _other_page(
    request: Request, principal: PagePrincipal, svc: Services, kind: str
) -> HTMLResponse:
    cid = current_company(principal)
    if kind == "interest":
        until = parse_date(request.query_params.get("until")) or svc.clock.today()
        report = svc.followup.interest(cid, until=until, actor=principal.username)
        return render(request, "followup_interest.html", {
            "tabs": TABS, "report": report, "until": until, "issued": None,
        })  # fmt: skip
    if kind == "handoff":
        preview = svc.followup.handoff(cid, dry_run=True, actor=principal.username)
        return render(request, "followup_handoff.html", {
            "tabs": TABS, "h": preview, "past": handoffs(svc.sessions, cid),
        })  # fmt: skip
    if kind == "holds":
        return render(request, "followup_holds.html", {
            "tabs": TABS, "holds": svc.followup.holds(cid),
            "customers": real_customers(svc, cid),
            "overdue": svc.followup.overdue(cid).invoices,
        })  # fmt: skip
    raise NotFound(Message.of(WebCode.NO_PAGE))


def _invoice_id(svc: Services, cid: int, text: str, field: str = "invoice") -> int:
    number = _number(text, field)
    invoice_id = None
    if number is not None:
        with svc.sessions() as session:
            invoice_id = invoice_id_by_number(session, cid, number)
    if invoice_id is None:
        raise ValidationError(Message.of(PaymentError.NO_INVOICE_NUMBER, invoice=text), field=field)
    return invoice_id


def _other_action(
    request: Request, principal: PagePrincipal, svc: Services, kind: str, form: dict[str, Any]
) -> Response:
    cid = current_company(principal)
    actor = principal.username
    if kind == "handoff":
        done = svc.followup.handoff(cid, actor=actor)
        notice = Message.of(WebCode.HANDED_OVER, n=len(done.claims))
        return see(request, "/followup/handoff", notice)
    if kind == "hold":
        text = str(form.get("invoice") or "").strip()
        target: dict[str, Any] = (
            {"invoice_id": _invoice_id(svc, cid, text)} if text
            else {"customer_number": chosen(form, real_customers(svc, cid))}
        )  # fmt: skip
        svc.followup.add_hold(cid, reason=str(form.get("reason") or ""),
                              until=parse_date(str(form.get("until") or "")), actor=actor,
                              **target)  # fmt: skip
        return see(request, "/followup/holds", Message.of(WebCode.HOLD_ADDED))
    if kind == "release":
        hold_id = _number(str(form.get("hold") or ""), "hold") or 0
        svc.followup.release_hold(cid, hold_id, actor=actor)
        return see(request, "/followup/holds", Message.of(WebCode.HOLD_RELEASED))
    if kind in {"dispute", "resolve"}:
        invoice_id = _invoice_id(svc, cid, str(form.get("invoice") or ""))
        svc.followup.dispute(cid, invoice_id, reason=str(form.get("reason") or ""),
                             resolve=kind == "resolve", actor=actor)  # fmt: skip
        code = WebCode.DISPUTE_RESOLVED if kind == "resolve" else WebCode.DISPUTED
        back = str(form.get("back") or "")
        back = back if back.startswith("/") and not back.startswith("//") else "/followup/holds"
        return see(request, back, Message.of(code))
    raise NotFound(Message.of(WebCode.NO_PAGE))


@router.get("/followup/handoff/{handoff_id}.{fmt}")
def handoff_download(
    principal: PagePrincipal, svc: ServicesDep, handoff_id: int, fmt: str
) -> Response:
    """A past hand-off's CSV or JSON, as exported."""
    cid = current_company(principal)
    if fmt not in FORMATS:
        raise NotFound(Message.of(WebCode.NO_PAGE))
    name, data = handoff_file(svc.sessions, svc.store, cid, handoff_id, fmt)
    return Response(data, media_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

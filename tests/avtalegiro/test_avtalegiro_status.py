"""An invoice's AvtaleGiro status, the PDF and e-mail wording, and failed draws."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import TYPE_CHECKING

from pypdf import PdfReader
from sqlalchemy import select

from reskontro.domain.avtalegiro import ClaimState, Code
from reskontro.domain.avtalegiro_status import InvoiceClaimStatus, failed_from
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.services.avtalegiro.status import flag_failed_draws, invoice_avtalegiro
from reskontro.services.followup import FollowUp
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_avtalegiro import Claim
from reskontro.testing.avtalegiro import mandate_list

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.testing.avtalegiro import AG

D = dt.date
#: The fixture's clock: Wednesday 25 November 2026, 10:00 in Oslo; earliest due 29.11.
EARLIEST = D(2026, 11, 29)


def _invoice(ag: AG, customer: int, due: dt.date) -> int:
    draft = ag.books.create_invoice(
        ag.company_id, customer_number=customer,
        lines=[LineDraft("Abonnement", 1000, 10000, VatCode.STANDARD)],
        invoice_date=D(2026, 11, 20), due=due, actor="t",
    )  # fmt: skip
    issued = ag.books.issue_invoice(ag.company_id, draft.id, issue_date=D(2026, 11, 20),
                                    actor="t")  # fmt: skip
    return int(issued.id)


def _mandates(ag: AG) -> None:
    data = mandate_list((1, "000112000507155", True))
    read_mandates(ag.sessions, ag.clock, ag.company_id, data, filename="fbo.txt", actor="t")


def _status(ag: AG, invoice_id: int) -> InvoiceClaimStatus | None:
    found = invoice_avtalegiro(ag.sessions, ag.clock, ag.company_id, invoice_id)
    return None if found is None else found.status


def _pdf(ag: AG, invoice_id: int, tmp_path: Path) -> tuple[str, str]:
    fu = FollowUp(ag.sessions, ag.clock, FileStore(tmp_path / "files"))
    made = fu.invoice_pdf(ag.company_id, invoice_id, actor="t")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(made.pdf)).pages)
    return " ".join(text.split()), made.email.text


def test_status_from_mandate_and_claim(ag: AG) -> None:
    _mandates(ag)
    drawn = _invoice(ag, 112, EARLIEST)
    soon = _invoice(ag, 112, EARLIEST - dt.timedelta(days=1))
    other = _invoice(ag, 1020, D(2026, 12, 9))  # no mandate
    assert _status(ag, drawn) is InvoiceClaimStatus.TO_BE_SENT
    too_soon = invoice_avtalegiro(ag.sessions, ag.clock, ag.company_id, soon)
    assert too_soon is not None
    assert too_soon.status is InvoiceClaimStatus.TOO_LATE
    assert not too_soon.drawn
    assert too_soon.reason is not None
    assert too_soon.reason.code == Code.DUE_TOO_SOON
    assert _status(ag, other) is None
    assert invoice_avtalegiro(ag.sessions, ag.clock, ag.company_id + 99, drawn) is None
    run = write_claims(ag.sessions, ag.clock, ag.company_id, actor="t")
    sent = invoice_avtalegiro(ag.sessions, ag.clock, ag.company_id, drawn)
    assert sent is not None
    assert sent.status is InvoiceClaimStatus.SENT
    assert sent.drawn
    assert (sent.sent_on, sent.transmission_number, sent.file_id) == (
        D(2026, 11, 25), run.transmission_number, run.file_id,
    )  # fmt: skip
    assert _status(ag, soon) is InvoiceClaimStatus.TOO_LATE


def test_pdf_and_email_say_drawn_or_show_the_giro(ag: AG, tmp_path: Path) -> None:
    _mandates(ag)
    drawn = _invoice(ag, 112, EARLIEST)
    soon = _invoice(ag, 112, EARLIEST - dt.timedelta(days=1))
    pdf, mail = _pdf(ag, drawn, tmp_path)
    assert "Betales med AvtaleGiro" in pdf
    assert "trekkes fra kontoen din med AvtaleGiro på forfallsdatoen 29.11.2026" in pdf
    assert "Betalingsinformasjon" not in pdf
    assert "trekkes fra kontoen din med AvtaleGiro" in mail
    assert "Betal til konto" not in mail
    # Due too soon: flagged, and delivered with the normal giro text.
    pdf, mail = _pdf(ag, soon, tmp_path)
    assert "Betalingsinformasjon" in pdf
    assert "AvtaleGiro" not in pdf
    assert "Betal til konto" in mail
    assert "AvtaleGiro" not in mail


def test_failed_draw_flagged_after_the_report_day(ag: AG) -> None:
    _mandates(ag)
    friday = D(2026, 12, 11)
    invoice = _invoice(ag, 112, friday)
    write_claims(ag.sessions, ag.clock, ag.company_id, actor="t")
    assert failed_from(friday) == D(2026, 12, 15)
    at = ag.clock.at
    # Monday 14th: the draw may still be reported today; nothing flagged.
    ag.clock.at = at.replace(month=12, day=14)
    assert flag_failed_draws(ag.sessions, ag.clock, ag.company_id, actor="t").flagged == 0
    ag.clock.at = at.replace(month=12, day=15)
    result = flag_failed_draws(ag.sessions, ag.clock, ag.company_id, actor="t")
    assert dataclasses.astuple(result) == (1, (invoice,))
    with ag.sessions() as session:
        claim = session.scalars(select(Claim)).one()
        assert claim.state == ClaimState.FAILED
        assert claim.reason is not None
        assert Code.DRAW_FAILED.value in claim.reason
    status = invoice_avtalegiro(ag.sessions, ag.clock, ag.company_id, invoice)
    assert status is not None
    assert status.status is InvoiceClaimStatus.FAILED
    assert not status.drawn
    # Once is enough.
    assert flag_failed_draws(ag.sessions, ag.clock, ag.company_id, actor="t").flagged == 0

"""The daily AvtaleGiro step: flag failed draws, write the day's claims file and send
it to Nets.

It runs inside the daily ``fetch`` job (``reskontro worker``, ``run-daily``), which
visits the company's bank channels at 06:00 Oslo time by default, well before Nets'
14:00 cut-off: after the files in are booked, the claims file out is written (the
daily run: at most one file a day) and every claims file not sent yet (today's, or
one a failed upload left) goes to the agreement's outbound folder. Nothing happens
for a company whose AvtaleGiro agreement names no outbound channel. A failed upload
fails the run, and the scheduler tries again later. What was written and sent is in
the files list (``reskontro avtalegiro files``) and the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import ReskontroError
from reskontro.messages import Message
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.sending import has_outbound, send_pending
from reskontro.services.avtalegiro.status import flag_failed_draws
from reskontro.storage.models_avtalegiro import AvtaleGiroAgreement

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


def claims_after_fetch(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    environ: Mapping[str, str] | None,
    actor: str,
) -> Message | None:
    """Flag failed draws, write and send the day's claims; why that failed, if it did
    (None when not set up)."""
    with sessions() as session:
        agreement = session.scalars(
            select(AvtaleGiroAgreement.id).where(AvtaleGiroAgreement.company_id == company_id)
        ).first()
        outbound = has_outbound(session, company_id)
    if agreement is None:
        return None
    # After the bank files are booked: a draw reported this morning is settled by now.
    flag_failed_draws(sessions, clock, company_id, actor=actor)
    if not outbound:
        return None
    try:
        write_claims(sessions, clock, company_id, daily=True, actor=actor)
        send_pending(sessions, clock, company_id, environ=environ, actor=actor)
    except ReskontroError as exc:
        from reskontro.services.automation.codes import JobCode

        return exc.msg or Message.of(JobCode.AS_WRITTEN, text=exc.message)
    return None


__all__ = ["claims_after_fetch"]

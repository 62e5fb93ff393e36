"""Migration 0024: the English errors stored with fetch runs, fetched files and job
runs become codes that keep the old text whole, and back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import text

from reskontro.i18n import render
from reskontro.messages import Messages
from reskontro.services.automation import BankChannels
from reskontro.storage import migrate

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.services.invoicing.books import Books

OLD_RUN = "bank: the folder /srv/bank/inn does not exist"
OLD_FILE = "download failed: sftp.bank.no:22: download a.txt: No such file"
OLD_JOB = "nets: the environment variable SFTP_PASSWORD (a secret) is not set; AvtaleGiro: x"
OLD_MAIL = "message refused: 451 4.3.0 Mailbox busy, try again later"


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_stored_run_errors_become_codes_and_back(
    engine: Engine, books: Books, tmp_path: Path
) -> None:
    company = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", actor="t"
    )
    channel = BankChannels(books.sessions, books.clock).add_folder(
        company.id, "bank", path=str(tmp_path), actor="t"
    )
    _downgrade(engine, "0023_payment_duplicate_fk")
    at = "'2026-11-25 05:00:00'"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job_run (id, job, scope, company_id, period, scheduled_for, trigger,"
                f" status, attempts, worker, started_at, error) VALUES (1, 'fetch', 'company:1',"
                f" :cid, '2026-11-25', {at}, 'schedule', 'failed', 1, 'w', {at}, :e)"
            ),
            {"cid": company.id, "e": OLD_JOB},
        )
        conn.execute(
            text(
                "INSERT INTO fetch_run (id, company_id, channel_id, job_run_id, status, files_seen,"
                " files_new, files_imported, files_rejected, files_failed, error, started_at,"
                f" actor) VALUES (1, :cid, :ch, 1, 'failed', 0, 0, 0, 0, 0, :e, {at}, 't')"
            ),
            {"cid": company.id, "ch": channel.id, "e": OLD_RUN},
        )
        conn.execute(
            text(
                "INSERT INTO fetched_file (company_id, channel_id, fetch_run_id, remote_name,"
                " size, mtime, status, attempts, error, remote_action, claimed_by, claimed_at)"
                f" VALUES (:cid, :ch, 1, 'a.txt', 10, 1, 'failed', 1, :e, 'kept', 'w', {at})"
            ),
            {"cid": company.id, "ch": channel.id, "e": OLD_FILE},
        )
        conn.execute(
            text(
                "INSERT INTO email_outbox (company_id, kind, dedupe_key, to_address, language,"
                " subject, body_text, body_html, status, attempts, next_attempt_at, last_error,"
                f" created_at) VALUES (:cid, 'test', 'k', 'a@b.no', 'nb', 's', 't', 'h',"
                f" 'failed', 8, {at}, :e, {at})"
            ),
            {"cid": company.id, "e": OLD_MAIL},
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        run = conn.execute(text("SELECT reason FROM fetch_run")).scalar_one()
        file = conn.execute(text("SELECT reason FROM fetched_file")).scalar_one()
        job = conn.execute(text("SELECT reasons FROM job_run")).scalar_one()
        mail = conn.execute(text("SELECT last_reason FROM email_outbox")).scalar_one()
    for stored, old, code in (
        (run, OLD_RUN, "automation.fetch.as_written"),
        (file, OLD_FILE, "automation.fetch.as_written"),
        (job, OLD_JOB, "automation.job.as_written"),
        (mail, OLD_MAIL, "automation.notify.as_written"),
    ):
        [message] = Messages.loads(stored)
        assert message.code == code
        assert render(message, "en") == render(message, "nb") == old  # nothing lost
    _downgrade(engine, "0023_payment_duplicate_fk")
    with engine.connect() as conn:
        back = [
            conn.execute(text(f"SELECT {column} FROM {table}")).scalar_one()
            for table, column in (("fetch_run", "error"), ("fetched_file", "error"),
                                  ("job_run", "error"), ("email_outbox", "last_error"))
        ]  # fmt: skip
    assert back == [OLD_RUN, OLD_FILE, OLD_JOB, OLD_MAIL]
    migrate.upgrade(engine)

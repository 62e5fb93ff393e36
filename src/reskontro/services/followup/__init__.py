"""Follow-up of what is unpaid: overdue list and aging, reminder runs, inkassovarsel,
late-payment interest and interest notes, hand-off to debt collection, documents.

The rules are pure (:mod:`reskontro.domain.followup`, :mod:`reskontro.domain.interest`);
this package feeds them from the books and records what was decided, one module per
part:

- :mod:`.overdue`: overdue invoices and aging;
- :mod:`.reminders`: the reminder and inkassovarsel runs, :mod:`.letters` what they
  record;
- :mod:`.interest`: late-payment interest and interest notes;
- :mod:`.handoff`: hand-off to debt collection (CSV and JSON);
- :mod:`.documents`: PDFs of invoices and letters, :mod:`.outbox` the e-mails and an
  invoice's history, :mod:`.emails` the e-mail values;
- :mod:`.holds`: holds and disputes; :mod:`.settings`: the company's pace;
  :mod:`.rates`: dated rates;
- :mod:`.claims`: the books as follow-up reads them; :mod:`.base`: what all share.

Each use case is one database transaction and returns frozen dataclasses; PDFs are
rendered **after** it commits (from the facts recorded with each document, so a PDF can
always be made again byte for byte) and kept in the file store by SHA-256. E-mails are
composed and recorded as values (subject, text, HTML, the documents as attachments) for
the mailer to send; a customer without an e-mail address gets ``print`` instead.
"""

from __future__ import annotations

from reskontro.services.followup.documents import (
    buyer_of,
    invoice_document,
    printed_invoice,
    seller_of,
)
from reskontro.services.followup.handoff import handoff_csv, handoff_json
from reskontro.services.followup.rates import shipped_rates
from reskontro.services.followup.service import FollowUp

__all__ = [
    "FollowUp",
    "buyer_of",
    "handoff_csv",
    "handoff_json",
    "invoice_document",
    "printed_invoice",
    "seller_of",
    "shipped_rates",
]

"""Delivery: every send of an invoice or credit note (reminders and notices later) is
a delivery record, queued → sending → sent → delivered | failed, or refused by the
method's rules (:mod:`reskontro.domain.delivery`).

- :mod:`.send`: ask for a delivery (by hand or on issue), the company's setting;
- :mod:`.records`: the records, their states and reasons;
- :mod:`.run`: the worker's round (e-mail through the outbox, EHF to the access point);
- :mod:`.email`: the e-mail with the PDF; :mod:`.print_queue`: the day's paper run;
- :mod:`.ehf`: the EHF document of an invoice; :mod:`.peppol`: the Peppol look-up kept
  on the customer.
"""

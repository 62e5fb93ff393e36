"""Delivery of invoices, credit notes, reminders and notices (issue 12), by e-mail, EHF
through Peppol, or print."""

"""Pure domain core: money, VAT, KID, invoices, payments, matching.

Nothing here imports the database, the web, the CLI or the clock; a test checks it.
"""

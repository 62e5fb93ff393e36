"""reskontro: accounts receivable for Norwegian businesses.

Invoices that carry a KID, incoming payments (Nets OCR Giro, camt.054) that book
themselves against those invoices, and follow-up of what is still unpaid.
"""

from __future__ import annotations

__version__ = "0.1.0"

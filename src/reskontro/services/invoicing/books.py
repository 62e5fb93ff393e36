"""The invoice ledger's use cases over one database, as one object (the CLI, the web
app and the other flows hold one); each part lives in the module named for what it does.

Every public method is one use case in one database transaction. Issued invoices are
never edited: the only path that changes them after issue moves ``settled_ore`` (a
payment or a credit note closing part of them).

- :mod:`.companies`: companies; :mod:`.kid_settings`: a company's KID layout;
- :mod:`.customers`: customers;
- :mod:`.drafts`: draft invoices; :mod:`.issue`: issuing; :mod:`.credit`: credit notes;
- :mod:`.invoices`: one invoice, a customer's open items;
- :mod:`.invoice_list`: the invoice list (CLI, web and API) and the dashboard's totals;
- :mod:`.numbering`: the gapless series; :mod:`.views`: how each is shown.
"""

from __future__ import annotations

from reskontro.services.invoicing.companies import Companies
from reskontro.services.invoicing.credit import Credits
from reskontro.services.invoicing.customers import CustomerCases
from reskontro.services.invoicing.drafts import Drafts
from reskontro.services.invoicing.invoice_list import InvoiceListing
from reskontro.services.invoicing.invoices import Invoices
from reskontro.services.invoicing.issue import Issuing
from reskontro.services.invoicing.kid_settings import KidSettings, KidSettingsCases


class Books(
    Companies, KidSettingsCases, CustomerCases, Drafts, Issuing, Credits, Invoices, InvoiceListing
):
    """The invoice ledger's use cases over one database."""


__all__ = ["Books", "KidSettings"]

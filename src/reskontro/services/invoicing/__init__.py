"""Invoicing: companies, customers, drafts, issuing, credit notes, numbering, bulk and
recurring runs (:mod:`.books` lists the modules)."""

"""Invoicing use cases: customers (more to move here from ``services/books``)."""

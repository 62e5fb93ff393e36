"""The follow-up pages, for the tabs at the top of each (``_followup_tabs.html``)."""

from __future__ import annotations

TABS = (
    ("/followup", "Forfalte"),
    ("/followup/reminders", "Purring"),
    ("/followup/notices", "Inkassovarsel"),
    ("/followup/demands", "Betalingsoppfordring"),
    ("/followup/interest", "Forsinkelsesrenter"),
    ("/followup/handoff", "Til inkasso"),
    ("/followup/holds", "Stopp og tvister"),
)

__all__ = ["TABS"]

"""English texts of the bokmål ids on the page of a follow-up run in the background
(``followup_progress.html``), merged into :data:`reskontro.web.i18n.EN`."""

from __future__ import annotations

from typing import Final

EN: Final[dict[str, str]] = {
    "Til forhåndsvisningen": "To the preview",
    "Registrerer brev, gebyrer og renter …": "Recording letters, fees and interest …",
    "Lager PDF-ene …": "Making the PDFs …",
    "Ferdig så langt": "Done so far",
    "Du kan gå videre til andre sider; kjøringen fortsetter, og denne siden viser resultatet"
    " når den er ferdig.": "You can go on to other pages; the run goes on, and this page"
    " shows its result when it is done.",
    "Avbryte kjøringen? Brevene som alt er laget, beholdes.": "Cancel the run? The letters"
    " already made are kept.",
}

__all__ = ["EN"]

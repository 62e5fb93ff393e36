"""Every model module, imported so that ``Base.metadata`` knows the whole schema.

Alembic's environment and the schema tests import this module; a new model module is
added here.
"""

from __future__ import annotations

import reskontro.storage.models_automation
import reskontro.storage.models_charges
import reskontro.storage.models_delivery
import reskontro.storage.models_invoicing  # noqa: F401 - registers its tables
from reskontro.storage import (
    figures,  # noqa: F401 - registers its table
    models,
    models_avtalegiro,  # noqa: F401 - registers its tables
    models_followup,  # noqa: F401 - registers its tables
    models_payments,  # noqa: F401 - registers its tables
    models_web,  # noqa: F401 - registers its tables
)
from reskontro.storage.models import Base

metadata = Base.metadata

__all__ = ["Base", "metadata", "models"]

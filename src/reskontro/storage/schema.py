"""Every model module, imported so that ``Base.metadata`` knows the whole schema.

Alembic's environment and the schema tests import this module; a new model module is
added here.
"""

from __future__ import annotations

from reskontro.storage import models
from reskontro.storage.models import Base

metadata = Base.metadata

__all__ = ["Base", "metadata", "models"]

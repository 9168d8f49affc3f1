"""Decision pages: commit a choice, add a reflection, read your track record."""
from __future__ import annotations

from . import bp  # noqa: F401

"""Domain errors of the decisions feature, on the shared hierarchy (casebook/domain.py)."""
from ..domain import Conflict, Invalid, NotAllowed, NotFound


class DecisionLocked(NotFound):
    """The decision (or its outcome) is not visible to this reader: it answers as missing."""


class AlreadyCommitted(Conflict):
    """The leader already has a sealed commitment on this decision point."""


class AlreadyReflected(Conflict):
    """The leader already added a reflection to this commitment."""


class ReflectionNotOpen(Conflict):
    """The reflection, with its hindsight check, opens a while after committing."""


class InvalidChoice(Invalid):
    """A field of the commitment or reflection is missing, too long or out of range."""


class NotYourCommitment(NotAllowed):
    """A reflection on another leader's commitment."""

"""Domain errors of the decisions feature; views turn them into form errors or 4xx."""


class DecisionError(ValueError):
    """Base class: a commitment or reflection the rules do not allow."""


class AlreadyCommitted(DecisionError):
    """The leader already has a sealed commitment on this decision point."""


class DecisionLocked(DecisionError):
    """The decision (or its outcome) is not yet visible to this leader."""


class InvalidChoice(DecisionError):
    """A field of the commitment or reflection is missing, too long or out of range.

    `field` names the form field the message belongs to (None: the whole form).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class AlreadyReflected(DecisionError):
    """The leader already added a reflection to this commitment."""

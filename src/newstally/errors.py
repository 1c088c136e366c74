"""Errors that reach the user as one clear line naming the input and the reason."""


class NewstallyError(Exception):
    """Base class of the errors newstally raises on purpose."""


class InputError(NewstallyError):
    """An input could not be read; ``str()`` is '<input>: <reason>'."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(NewstallyError):
    """The spaCy pipeline named by --model could not be loaded."""

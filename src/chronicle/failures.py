"""The failures that end a command, each with a one-line message for the user.

Apart from the stages that raise them so that the command line can tell them apart without loading those
stages first.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be opened or written, with a one-line reason for the user."""


class IngestFailure(RuntimeError):
    """The run could not go on (the database failed), with the article being processed when it did."""

    def __init__(self, reason: str, origin: str | None) -> None:
        super().__init__(f"{reason}" + (f" (while processing {origin})" if origin else ""))
        self.origin = origin


def first_line(exc: BaseException) -> str:
    """An exception's message without what follows its first line (SQLAlchemy's statement, parameters and
    background link)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__

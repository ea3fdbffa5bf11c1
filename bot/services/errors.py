"""Domain errors carry a message id that the chat and the CLI translate."""

from typing import Any


class DomainError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.key!r}, {self.params!r})"

"""Errors whose message is written for the clerk, in Vietnamese."""


class UserError(Exception):
    """Something the clerk can fix: the message says what, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(UserError):
    """A plan, unit or hamlet that the clerk named does not exist."""


class DuplicateNameError(UserError):
    """A name that already exists under the folded comparison."""


class CancelledError(UserError):
    """The clerk stopped long work with "Hủy"; what it had done was undone.

    A UserError, so a door that does not tell it apart still shows its message, never a
    traceback.
    """

    def __init__(self, message: str = "Đã hủy theo yêu cầu: chưa có gì thay đổi.") -> None:
        super().__init__(message)

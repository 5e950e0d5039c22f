"""Storage errors the clerk can act on, with Vietnamese messages."""

from desktop_app.domain.errors import UserError


class StorageError(UserError):
    """The workspace file cannot be used as it is (locked, full disk, damaged, too new)."""


class NewerSchemaError(StorageError):
    """The file was written by a newer version of the program."""


class LockedError(StorageError):
    """Another program (or another copy of this one) is writing the file."""


class DamagedFileError(StorageError):
    """The workspace file has damaged pages (or is not a workspace): a backup or a rescue."""

"""The workspace: a small facade over one service per area of the clerk's work."""

from desktop_app.workspace.facade import Workspace

__all__ = ["Workspace"]

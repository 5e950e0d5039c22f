"""What every command group shares: the handler type, the exit codes, JSON output."""

import argparse
import json
from collections.abc import Callable
from typing import Any

from desktop_app.cli.parsing import EXIT_SYNTAX_ERROR
from desktop_app.workspace import Workspace

EXIT_PROBLEMS = 1  # the command ran and found something wrong (check, check-db)
EXIT_USER_ERROR = EXIT_SYNTAX_ERROR  # the clerk must fix the input: one code for every such case

PLAN_REF_HELP = "mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU)"

Handler = Callable[[Workspace, argparse.Namespace], int]
Subparsers = Any  # argparse's subparsers action has no public type


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))

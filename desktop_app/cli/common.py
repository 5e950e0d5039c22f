"""What every command group shares: the handler type, the exit codes, JSON output."""

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from desktop_app.cli.parsing import EXIT_SYNTAX_ERROR
from desktop_app.domain.record_rules import SHOWN_PROBLEMS, flagged_notice
from desktop_app.workspace import Workspace

EXIT_PROBLEMS = 1  # the command ran and found something wrong (check, check-db)
EXIT_USER_ERROR = EXIT_SYNTAX_ERROR  # the clerk must fix the input: one code for every such case

PLAN_REF_HELP = "mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU)"

Handler = Callable[[Workspace, argparse.Namespace], int]
Subparsers = Any  # argparse's subparsers action has no public type


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def warn_flagged(flags: "tuple[str, ...]") -> None:
    """Say on stderr that the file just written prints bad stored values flagged.

    The file is written (stdout says where); the warning goes apart so that a script
    reading the output is not confused, and a person sees it.
    """
    if not flags:
        return
    print(f"CHÚ Ý: {flagged_notice(len(flags))}", file=sys.stderr)
    for line in flags[:SHOWN_PROBLEMS]:
        print(f"  - {line}", file=sys.stderr)
    if len(flags) > SHOWN_PROBLEMS:
        print(f"  - … và {len(flags) - SHOWN_PROBLEMS} chỗ khác.", file=sys.stderr)

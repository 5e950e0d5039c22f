"""argparse speaking Vietnamese: its headings, its help lines and its error messages.

argparse looks its words up with ``gettext.gettext`` in the process-wide text domain, so the only
gettext route is a global one (a catalogue for the "messages" domain, chosen by the user's
locale variables): it would translate other libraries too and depend on the environment. Instead
the parser class supplies its own words where argparse lets a subclass do so (the usage prefix,
the group titles, the help options) and translates the error messages, which reach
:meth:`VietnameseParser.error` already formatted, by their English patterns. A message with no
pattern here keeps its English detail, still under the Vietnamese "Lỗi cú pháp lệnh:".
"""

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

EXIT_SYNTAX_ERROR = 2  # argparse's own code, and the command line's code for any user error

USAGE_PREFIX = "Cách dùng: "
POSITIONALS_TITLE = "tham số"
OPTIONALS_TITLE = "tùy chọn"
HELP_HELP = "in hướng dẫn này rồi thoát"
VERSION_HELP = "in số phiên bản rồi thoát"
ERROR_PREFIX = "Lỗi cú pháp lệnh: "


def _argument(match: re.Match[str]) -> str:
    return f"tham số {match[1]}: {translate_error(match[2])}"


# argparse's messages (Python 3.11), most specific first; "argument X: ..." wraps the others.
_ERRORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.DOTALL), render)
    for pattern, render in (
        (
            r"the following arguments are required: (.*)",
            lambda m: f"thiếu tham số bắt buộc: {m[1]}",
        ),
        (r"unrecognized arguments: (.*)", lambda m: f"không hiểu tham số: {m[1]}"),
        (r"one of the arguments (.*) is required", lambda m: f"cần một trong các tham số {m[1]}"),
        (
            r"ambiguous option: (.*) could match (.*)",
            lambda m: f"tùy chọn {m[1]} chưa rõ: có thể là {m[2]}",
        ),
        (
            r"invalid choice: (.*) \(choose from (.*)\)",
            lambda m: f"không có lựa chọn {m[1]} (chọn một trong {m[2]})",
        ),
        (r"invalid (.*) value: (.*)", lambda m: f"giá trị không hợp lệ: {m[2]}"),
        (r"expected one argument", lambda m: "cần một giá trị"),
        (r"expected at most one argument", lambda m: "chỉ nhận nhiều nhất một giá trị"),
        (r"expected at least one argument", lambda m: "cần ít nhất một giá trị"),
        (r"expected (\d+) arguments?", lambda m: f"cần {m[1]} giá trị"),
        (r"not allowed with argument (.*)", lambda m: f"không dùng được cùng {m[1]}"),
        (r"ignored explicit argument (.*)", lambda m: f"tùy chọn này không nhận giá trị {m[1]}"),
        (r"argument (\S+): (.*)", _argument),
    )
)


def translate_error(message: str) -> str:
    """The Vietnamese for argparse's English error ``message`` (unchanged when it is not known)."""
    for pattern, render in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return render(match)
    return message


class VietnameseHelpFormatter(argparse.HelpFormatter):
    """Writes "Cách dùng:" where argparse writes "usage:"."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # The prefix goes through the formatter (not replaced in the finished text) so that a
        # long usage wraps under the longer Vietnamese prefix.
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Vietnamese; subcommands' parsers are one too."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        # The two default groups are argparse's; only their English titles are replaced.
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_HELP
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{ERROR_PREFIX}{translate_error(message)}", file=sys.stderr)
        raise SystemExit(EXIT_SYNTAX_ERROR)

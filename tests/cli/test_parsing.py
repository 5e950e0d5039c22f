"""argparse's own words (usage, headings, help lines, error messages) come out in Vietnamese."""

import argparse
import re
from collections.abc import Iterator

import pytest

from desktop_app.cli import HANDLERS, build_parser, exchange, main
from desktop_app.cli import window as window_commands
from desktop_app.cli.parsing import VietnameseParser

# What argparse writes in English when nobody translates it.
ENGLISH = (
    "usage",
    "positional arguments",
    "options:",
    "show this help",
    "version number",
    "error",
    "argument",
    "required",
    "invalid",
    "choose from",
    "expected",
    "unrecognized",
    "ambiguous",
    "could match",
    "not allowed",
    "ignored",
)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text.lower()]


def test_every_listed_command_has_a_handler_and_every_handler_a_command() -> None:
    assert set(_subcommands(build_parser())) == (
        set(HANDLERS) | set(window_commands.HANDLERS) | set(exchange.FILE_HANDLERS)
    )


def _all_help_commands() -> Iterator[list[str]]:
    yield []
    for name in _subcommands(build_parser()):
        yield [name]


@pytest.mark.parametrize("command", list(_all_help_commands()), ids=lambda c: c[0] if c else "-")
def test_help_is_in_vietnamese(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: python -m desktop_app")
    assert "tùy chọn:" in out
    assert "-h, --help" in out
    assert "in hướng dẫn này rồi thoát" in out
    assert _english_in(out) == []


def test_the_main_help_lists_the_commands_and_the_version_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "tham số:" in out
    # The column's width is argparse's to choose: the longest command's name, and it changes
    # between Python versions.
    assert re.search(r"\n  --version +in số phiên bản rồi thoát\n", out)
    for name in _subcommands(build_parser()):
        assert f"    {name}" in out


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        # Python 3.11 quotes the choices ('demo', …), 3.13 does not (demo, …).
        (["nonsense"], "tham số LỆNH: không có lựa chọn 'nonsense' (chọn một trong "),
        (["show"], "thiếu tham số bắt buộc: PLAN"),
        (["plans", "--bogus"], "không hiểu tham số: --bogus"),
        (["plans", "--search"], "tham số --search: cần một giá trị"),
        (["plans", "--json=yes"], "tham số --json: tùy chọn này không nhận giá trị 'yes'"),
        (["export-docx", "x", "--out", "y", "--what", "z"], "tham số --what: không có lựa chọn"),
    ],
)
def test_a_bad_command_line_gets_a_vietnamese_error_and_exit_code_2(
    args: list[str], vietnamese: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Cách dùng: python -m desktop_app")
    assert f"Lỗi cú pháp lệnh: {vietnamese}" in captured.err
    assert _english_in(captured.err) == []


def _small_parser() -> argparse.ArgumentParser:
    """Options that give the error messages the program's own parser cannot provoke."""
    parser = VietnameseParser(prog="thu")
    parser.add_argument("--alpha")
    parser.add_argument("--alps")
    parser.add_argument("--count", type=int)
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--many", nargs="+")
    either = parser.add_mutually_exclusive_group(required=True)
    either.add_argument("--one", action="store_true")
    either.add_argument("--two", action="store_true")
    return parser


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (["--one", "--al", "x"], "tùy chọn --al chưa rõ: có thể là --alpha, --alps"),
        (["--one", "--count", "many"], "tham số --count: giá trị không hợp lệ: 'many'"),
        (["--one", "--pair", "a"], "tham số --pair: cần 2 giá trị"),
        (["--one", "--many"], "tham số --many: cần ít nhất một giá trị"),
        (["--one", "--two"], "tham số --two: không dùng được cùng --one"),
        ([], "cần một trong các tham số --one --two"),
    ],
)
def test_the_other_argparse_errors_are_translated_too(
    args: list[str], vietnamese: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _small_parser().parse_args(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: thu")
    assert f"Lỗi cú pháp lệnh: {vietnamese}" in err
    assert _english_in(err) == []

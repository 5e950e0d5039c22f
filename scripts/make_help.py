"""Render the screenshots of the user guide into resources/help/ from the program itself.

    python -m scripts.make_help [--out resources/help]

Run it again when a window the guide shows changes; resources/help/huong-dan.html names the
pictures.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    from desktop_app.ui.help.help_shots import render_help_screenshots  # noqa: PLC0415

    parser = argparse.ArgumentParser(description="Ảnh chụp cho Hướng dẫn sử dụng")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "help")
    args = parser.parse_args(argv)
    for path in render_help_screenshots(args.out):
        print(path)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())

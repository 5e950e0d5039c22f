#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests need on a fresh
# machine (Qt's system libraries, a font with every Vietnamese letter, LibreOffice,
# poppler-utils and NSIS when apt-get is there; the package with its dev tools), then runs ruff
# (with the complexity rules), mypy (strict), the import-linter contracts of the layers, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  # fonts-liberation2, not fonts-liberation: v1 lacks most Vietnamese letters.
  # LibreOffice and poppler-utils render the Word and Excel exports to PDF for the layout
  # tests, and Calc recalculates the progress sheet's formulas. osslsigncode and openssl:
  # the test of scripts/sign signs with a certificate it makes. nsis builds the Windows
  # installer in tests/scripts/test_installer.py.
  # The libxcb-* and libx*-xcb ones are what Qt's X11 plugin links to: --smoke checks them.
  for pkg in libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 \
             libglib2.0-0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 \
             libxcb-keysyms1 libxcb-image0 libxcb-util1 libxcb-randr0 libxcb-render-util0 \
             libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 fonts-liberation2 \
             libreoffice-writer-nogui libreoffice-calc-nogui \
             poppler-utils osslsigncode openssl nsis; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e ".[dev]"
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
lint-imports --no-cache
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" python3 -m pytest "$@"

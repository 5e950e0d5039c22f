#!/usr/bin/env bash
# Build the one-folder program (build.spec) with PyInstaller, then run its --smoke self-test.
# Linux CI and dev machines; scripts/build.ps1 does the same on Windows.
#
#   scripts/build.sh            -> dist/SoTheoDoiKeHoach/SoTheoDoiKeHoach (the window) and
#                                  dist/SoTheoDoiKeHoach/so-ke-hoach (the command line)
#
# Environment: PYTHON (default: python), DIST_DIR (default: dist), WORK_DIR (default: build),
# SMOKE_TIMEOUT in seconds (default: 120).
# Exit status: 0 when the build succeeded and the smoke test printed "smoke: OK".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python}"
DIST_DIR="${DIST_DIR:-dist}"
WORK_DIR="${WORK_DIR:-build}"
SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-120}"
NAME=SoTheoDoiKeHoach
PROGRAM="$DIST_DIR/$NAME/$NAME"

started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --distpath "$DIST_DIR" --workpath "$WORK_DIR" build.spec
elapsed=$(($(date +%s) - started))
echo "build: ${elapsed} s, $(du -sh "$DIST_DIR/$NAME" | cut -f1) in $DIST_DIR/$NAME"

# The smoke test writes smoke.log into the data folder: point that at a scratch folder so a
# build never touches the developer's real data, and so the log can be checked below.
smoke_dir=$(mktemp -d)
trap 'rm -rf "$smoke_dir"' EXIT

# No screen on CI: Qt's offscreen platform still paints every tab.
status=0
SO_KE_HOACH_DATA_DIR="$smoke_dir" QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
    timeout "$SMOKE_TIMEOUT" "$PROGRAM" --smoke || status=$?

if [[ $status -ne 0 ]] || ! grep -q '^smoke: OK' "$smoke_dir/smoke.log" 2>/dev/null; then
    echo "build: smoke test FAILED (exit $status)" >&2
    if [[ -f "$smoke_dir/smoke.log" ]]; then
        sed 's/^/  smoke.log: /' "$smoke_dir/smoke.log" >&2
    else
        echo "  (no smoke.log written)" >&2
    fi
    exit 1
fi
echo "build: smoke test passed"

# The command line's program shares the folder: it must run and know the package's version.
version_line=$("$DIST_DIR/$NAME/so-ke-hoach" --version)
read -r version _ < <("$PYTHON" scripts/exe_metadata.py)
if [[ "$version_line" != *" $version" ]]; then
    echo "build: so-ke-hoach --version printed '$version_line', expected version $version" >&2
    exit 1
fi
echo "build: so-ke-hoach --version ok ($version)"

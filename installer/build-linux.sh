#!/usr/bin/env bash
# Build the one-folder DoseDesk program for Linux from this checkout.
#
#   installer/build-linux.sh              -> dist/DoseDesk/DoseDesk (run it, or dist/DoseDesk/install.sh)
#   installer/build-linux.sh --tarball    the same, plus dist/DoseDesk-<version>-linux-<machine>.tar.gz
#
# Options: --dist DIR and --work DIR put the program and PyInstaller's scratch files elsewhere
# (default dist/ and build/ in the checkout). PYTHON=... picks the interpreter (default .venv/bin/python,
# which this script sets up with tools/setup.sh and the `build` extra if it is missing).
# Every build starts clean: build/ and dist/DoseDesk/ are removed first, so nothing of an earlier build is
# reused. (PyInstaller keeps only its cache of stripped third-party libraries, keyed by their content.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

dist="$root/dist"
work="$root/build"
tarball=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tarball) tarball=1 ;;
    --dist) dist="${2:?--dist needs a folder}"; shift ;;
    --work) work="${2:?--work needs a folder}"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build-linux.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

python="${PYTHON:-$root/.venv/bin/python}"
if ! "$python" -c "import PyInstaller, app" >/dev/null 2>&1; then
  if [ -n "${PYTHON:-}" ]; then
    echo "build-linux.sh: $python lacks PyInstaller or DoseDesk; install them with: $python -m pip install -e '.[build]'" >&2
    exit 1
  fi
  echo "Setting up .venv with DoseDesk and PyInstaller"
  ./tools/setup.sh
  .venv/bin/python -m pip install -q -e '.[build]'
fi

version="$("$python" -c 'import app; print(app.__version__)')"
start=$(date +%s)
rm -rf "$work" "$dist/DoseDesk"
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" installer/dosedesk.spec
seconds=$(( $(date +%s) - start ))

program="$dist/DoseDesk/DoseDesk"
"$program" --version >/dev/null  # a program that cannot start is no build
size=$(du -sh "$dist/DoseDesk" | cut -f1)
echo "Built DoseDesk $version in ${seconds} s: $dist/DoseDesk ($size); run $program"

if [ "$tarball" = 1 ]; then
  archive="$dist/DoseDesk-$version-linux-$(uname -m).tar.gz"
  tar -C "$dist" -czf "$archive" DoseDesk
  echo "Tarball: $archive ($(du -h "$archive" | cut -f1)); unpack it and run DoseDesk/install.sh"
fi

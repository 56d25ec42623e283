#!/usr/bin/env bash
# Install controlmap into ./.venv from the committed lock (requirements/lock.txt: every package of controlmap,
# its demo extra (moto) and its dev extra, exact versions, hashes), with the system libraries the PDF renderer
# needs, the Chromium the report test drives and the poppler tools the PDF layout test reads with; then run
# the demo.
# Usage: ./setup.sh [--no-demo] [DEMO_OUT_DIR]
#        ./setup.sh --check-lock     exit 1 when pyproject.toml and the lock disagree (needs .venv)
set -euo pipefail
cd "$(dirname "$0")"

run_demo=1
out="demo-out"
for arg in "$@"; do
  case "$arg" in
    --no-demo) run_demo=0 ;;
    --check-lock)
      [ -x .venv/bin/python ] || { echo "setup: run ./setup.sh first (the check runs in .venv)" >&2; exit 2; }
      exec .venv/bin/python tools/lock.py check ;;
    *) out="$arg" ;;
  esac
done

# WeasyPrint renders the PDF with pango and harfbuzz; a bare Debian machine lacks them (and may lack fonts).
missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
  missing+=(fontconfig fonts-dejavu-core)
fi
# The report test opens the HTML in headless Chromium (Debian's package) to prove hostile values stay inert.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The PDF layout test reads the rendered report with poppler (pdftotext -bbox-layout, pdftoppm, pdfinfo).
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null; then apt_get=(sudo apt-get); else
    echo "setup: need root (or sudo) to install ${missing[*]} with apt-get" >&2; exit 1
  fi
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "setup: controlmap needs Python 3.11 or newer ($python is $("$python" -V 2>&1))" >&2; exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
# Exactly the locked set (pip refuses any package whose hash is not in the lock), then controlmap itself from
# this checkout, built with the locked setuptools.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
.venv/bin/python tools/lock.py check >/dev/null
echo "setup: installed controlmap $(.venv/bin/controlmap --version | cut -d' ' -f2) into .venv"

if [ "$run_demo" -eq 1 ]; then
  .venv/bin/controlmap demo --out "$out"
fi

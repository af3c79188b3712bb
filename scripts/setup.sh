#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Idempotent: re-runs only when
# pyproject.toml changed. Used by both README commands and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
[ -f "$stamp" ] && exit 0

echo "Setting up .venv with $("$PY" --version) (first run takes a minute or two)..." >&2
"$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >&2
# argostranslate depends on torch (through stanza). A plain install pulls a multi-GB CUDA build;
# where a CPU build of 2.13.0 is at hand (as on our machines) take it first. Nothing here
# imports torch at run time.
.venv/bin/python -m pip install -q torch==2.13.0 >&2 \
  || echo "Note: torch==2.13.0 not available here; argostranslate will pull its own torch." >&2
.venv/bin/python -m pip install -q -e '.[test]' >&2
rm -f .venv/.installed-*
touch "$stamp"

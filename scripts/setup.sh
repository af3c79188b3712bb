#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Idempotent: re-runs only when
# pyproject.toml changed. Used by both README commands and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
[ -f "$stamp" ] && exit 0

# pip and setuptools print warnings even with -q; keep them in .venv/setup.log and show the
# log only when an install fails.
pip_install() {
  if ! .venv/bin/python -m pip install -q "$@" >>.venv/setup.log 2>&1; then
    tail -n 40 .venv/setup.log >&2
    return 1
  fi
}

echo "Setting up .venv with $("$PY" --version) (first run takes a minute or two)..." >&2
"$PY" -m venv .venv
pip_install --upgrade pip >&2
# argostranslate depends on torch (through stanza). A plain install pulls a multi-GB CUDA build;
# where a CPU build of 2.13.0 is at hand (as on our machines) take it first. Nothing here
# imports torch at run time.
pip_install torch==2.13.0 >&2 \
  || echo "Note: torch==2.13.0 not available here; argostranslate will pull its own torch." >&2
# The ray extra too: the test command tests `translate run --executor ray` on a local instance.
pip_install -e '.[test,ray]' >&2
# translate-toolkit, a CAT-tool library the exchange-file tests read our files with. Its package
# is also named `translate`, so it lives in its own folder, never on the venv's path.
pip_install --upgrade --target .venv/cat-clients translate-toolkit >&2
rm -f .venv/.installed-*
touch "$stamp"

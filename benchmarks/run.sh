#!/usr/bin/env bash
# The benchmark in one command: bash benchmarks/run.sh [bench.py options]
# Sets up the project's .venv (make setup) and the benchmark's own venvs if needed,
# then runs bench.py in benchmarks/.venv-tools. See benchmarks/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
[[ -x "$root/.venv/bin/minsheng" ]] || make -C "$root" setup
bash "$here/setup_venvs.sh"
exec "$here/.venv-tools/bin/python" "$here/bench.py" "$@"

#!/usr/bin/env bash
# The benchmarks in one command:
#   bash benchmarks/run.sh [bench.py options]        extraction against JioNLP and Recognizers-Text (about 5 min)
#   bash benchmarks/run.sh scale [scale_bench.py options]   throughput and scale, issue 14 (see README.md)
#   bash benchmarks/run.sh compiled [compiled_trial.py options]   what compiling the extractor with mypyc buys
# Sets up the project's .venv (make setup) and the benchmark's own venvs if needed. See benchmarks/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
[[ -x "$root/.venv/bin/minsheng" ]] || make -C "$root" setup
bash "$here/setup_venvs.sh"
if [[ "${1:-}" == "scale" ]]; then
    shift
    exec "$root/.venv/bin/python" "$here/scale_bench.py" "$@"
fi
if [[ "${1:-}" == "compiled" ]]; then
    shift
    exec "$root/.venv/bin/python" "$here/compiled_trial.py" "$@"
fi
exec "$here/.venv-tools/bin/python" "$here/bench.py" "$@"

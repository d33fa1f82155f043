#!/usr/bin/env bash
# Create the benchmark's own virtual environments (never the project's .venv):
#   benchmarks/.venv-jionlp       JioNLP (money extraction), the named baseline
#   benchmarks/.venv-recognizers  Microsoft Recognizers-Text (Chinese currency model)
#   benchmarks/.venv-tools        matplotlib for the plot, pyinstrument for profiling
#                                  (minsheng itself is installed here too, editable from
#                                  this work tree, so the profiler never touches the project's .venv)
#   benchmarks/.venv-mypyc        mypy's mypyc compiler, for compiled_trial.py (an experiment; never shipped)
# Idempotent: an environment whose stamp file exists is left as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
PY="${PYTHON:-python3}"

make_venv() {  # name, pip args...
    local dir="$here/$1"; shift
    if [[ -f "$dir/.installed" ]]; then
        echo "benchmarks: $dir already set up"
        return
    fi
    rm -rf "$dir"
    "$PY" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --upgrade pip
    # (grep drops the pip notes about absent local mirrors that some machines configure)
    "$dir/bin/python" -m pip install --quiet "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    touch "$dir/.installed"
    echo "benchmarks: set up $dir"
}

# JioNLP, pinned to the version benchmarked.
make_venv .venv-jionlp "jionlp==1.5.31"
# Recognizers-Text's last release (2019) needs emoji<1.0 to import.
make_venv .venv-recognizers "recognizers-text-suite==1.0.2a2" "emoji<1.0"
# Plot and profiler; minsheng installed editable from this work tree (lib/).
make_venv .venv-tools "matplotlib>=3.8" "pyinstrument==5.1.3" -e "$root"
# mypyc (ships with mypy, MIT) and the setuptools it builds with, for compiled_trial.py.
make_venv .venv-mypyc "mypy==2.4.1" "setuptools==80.9.0"

"""The command line: ``minsheng extract``, ``minsheng run``, ``minsheng check``.

Exit codes (data contract): 0 success; 1 a run or check failed; 2 bad usage or
bad input, with one line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import sys

from minsheng.errors import CheckError, InputError, MinshengError
from minsheng.log import configure as configure_logging


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        raise InputError(f"{message} (see '{self.prog} --help')")


def _cmd_extract(args) -> int:
    from minsheng.extraction.clean import figures_csv
    from minsheng.extraction.reading import read_report
    from minsheng.paths import DEFAULT_REPORT

    report = read_report(args.report or DEFAULT_REPORT, args.doc_id)
    csv_text = figures_csv(report, corrections_dir=args.corrections)  # columns, no DataFrame: pandas is not imported
    sys.stdout.write(csv_text)
    sys.stdout.flush()
    return 0


def _cmd_run(args) -> int:
    from minsheng.pipeline.runner import run

    return run(args.reports, out=args.out, params=args.param, jobs=args.jobs, notebooks=args.notebooks,
               corrections=args.corrections)


def _cmd_review(args) -> int:
    from minsheng import io
    from minsheng.extraction.reading import read_report
    from minsheng.paths import DEFAULT_REPORT
    from minsheng.reporting.review import review, to_csv

    report = read_report(args.report or DEFAULT_REPORT, args.doc_id)
    text = to_csv(review(report, args.corrections))
    if args.out:
        io.write_text_atomic(args.out, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _cmd_check(args) -> int:
    from minsheng.pipeline.baseline import check

    return check(update=args.update, run_dir=args.run_dir)


CORRECTIONS_HELP = ("folder of corrections files, <doc_id>.csv each (default: data/corrections/; "
                    "'none': run without corrections)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="minsheng", description="Figures from Chinese livelihood-project (民生工程) reports, with provenance.")
    p.add_argument("-v", "--verbose", action="store_true", help="log every step of every report, not one line per report")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, required=True)
    e = sub.add_parser("extract", help="write figures.csv of one report to standard output (no notebook, fast)")
    e.add_argument("report", nargs="?", help="plain-text report (default: the bundled report)")
    e.add_argument("--doc-id", help="the report's id, [a-z0-9_-]+ (default: made from the file's name, Chinese in pinyin)")
    e.add_argument("--corrections", metavar="DIR", help=CORRECTIONS_HELP)
    e.set_defaults(func=_cmd_extract)
    r = sub.add_parser("run", help="run the notebook pipeline with papermill for each report")
    r.add_argument("reports", nargs="*", help="plain-text reports (default: the bundled report)")
    r.add_argument("--out", help="tables go to OUT/<doc_id>/ (default: data/processed/<doc_id>/)")
    r.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="set a notebook parameter (checked against the notebooks' parameters)")
    r.add_argument("--corrections", metavar="DIR", help=CORRECTIONS_HELP)
    r.add_argument("-j", "--jobs", type=int, default=None, help="reports run in parallel (default: the number of cores)")
    nb = r.add_mutually_exclusive_group()
    nb.add_argument("--notebooks", dest="notebooks", action="store_true", default=None,
                    help="execute every report's notebooks (default: only when one report is run)")
    nb.add_argument("--no-notebooks", dest="notebooks", action="store_false",
                    help="compute the tables in-process, without kernels (default for several reports)")
    r.set_defaults(func=_cmd_run)
    v = sub.add_parser("review", help="write the review sheet of one report: the figures worth a look first, "
                                      "in the corrections format")
    v.add_argument("report", nargs="?", help="the report (default: the bundled report)")
    v.add_argument("--doc-id", help="the report's id (as for extract)")
    v.add_argument("--corrections", metavar="DIR", help=CORRECTIONS_HELP)
    v.add_argument("--out", metavar="FILE", help="write the sheet to FILE (default: standard output)")
    v.set_defaults(func=_cmd_review)
    c = sub.add_parser("check", help="compare a run with the committed tables and metrics (regression check)")
    c.add_argument("--update", action="store_true", help="write the new results as the committed expectations")
    c.add_argument("--run-dir", help="compare this finished run's output folder instead of running the pipeline")
    c.set_defaults(func=_cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        configure_logging(verbose=args.verbose)
        return args.func(args)
    except InputError as exc:
        print(f"minsheng: error: {exc}", file=sys.stderr)
        return 2
    except CheckError as exc:
        print(f"minsheng: check failed: {exc}", file=sys.stderr)
        return 1
    except MinshengError as exc:
        print(f"minsheng: failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("minsheng: interrupted; nothing half-written was left", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""minsheng.errors: one hierarchy, and what the command line makes of each error (in-process)."""

from __future__ import annotations

import logging

import pytest

from minsheng import cli
from minsheng.errors import CheckError, InputError, MinshengError, NothingToPlot, StepFailed


@pytest.fixture(autouse=True)
def _restore_minsheng_logger():
    """cli.main configures the ``minsheng`` logger; put it back as it was for the other tests."""
    logger = logging.getLogger("minsheng")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


@pytest.mark.parametrize("cls", [InputError, CheckError, StepFailed, NothingToPlot])
def test_every_error_is_a_minsheng_error(cls):
    assert issubclass(cls, MinshengError)
    assert issubclass(MinshengError, Exception)
    with pytest.raises(MinshengError, match="what and what to do"):
        raise cls("what and what to do")


def test_the_errors_are_distinct():
    # an InputError (exit 2) must never be caught as a CheckError (exit 1) or the other way round
    assert not issubclass(InputError, CheckError) and not issubclass(CheckError, InputError)
    assert not issubclass(StepFailed, InputError) and not issubclass(NothingToPlot, InputError)
    assert not issubclass(MinshengError, InputError)


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_missing_report_is_exit_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "no_such_report.txt"
    assert cli.main(["extract", str(missing)]) == 2
    out, err = capsys.readouterr()
    line = _one_line(err)
    assert line == (f"minsheng: error: report {str(missing)!r} does not exist; "
                    "give the path of a plain-text report")
    assert out == ""


def test_an_empty_report_is_exit_2_with_one_line(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli.main(["extract", str(empty)]) == 2
    out, err = capsys.readouterr()
    line = _one_line(err)
    assert line.startswith("minsheng: error: ") and "is empty" in line and "empty.txt" in line
    assert out == ""


def test_a_folder_as_report_is_exit_2_with_one_line(tmp_path, capsys):
    assert cli.main(["extract", str(tmp_path)]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("minsheng: error: report ") and str(tmp_path) in line


def test_bad_usage_is_an_input_error(capsys):
    assert cli.main(["frobnicate"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("minsheng: error: ") and line.endswith("(see 'minsheng --help')")
    assert "frobnicate" in line


def test_a_check_error_is_exit_1(monkeypatch, capsys):
    from minsheng.pipeline import baseline

    def failing(**kwargs):
        raise CheckError("programs.csv row 3 spending_cny: 1 -> 2")

    monkeypatch.setattr(baseline, "check", failing)
    assert cli.main(["check"]) == 1
    assert _one_line(capsys.readouterr().err) == "minsheng: check failed: programs.csv row 3 spending_cny: 1 -> 2"


def test_a_failed_step_is_exit_1(monkeypatch, capsys):
    from minsheng.pipeline import runner

    def failing(*args, **kwargs):
        raise StepFailed("report tiny: notebook 20-per-beneficiary failed in cell 3")

    monkeypatch.setattr(runner, "run", failing)
    assert cli.main(["run", "x.txt"]) == 1
    assert _one_line(capsys.readouterr().err) == (
        "minsheng: failed: report tiny: notebook 20-per-beneficiary failed in cell 3")

"""minsheng.log: one handler on the ``minsheng`` logger, plain message lines, DEBUG only when verbose."""

from __future__ import annotations

import io
import logging

import pytest

from minsheng import log


@pytest.fixture(autouse=True)
def _restore_minsheng_logger():
    logger = logging.getLogger("minsheng")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def test_info_lines_are_plain_messages():
    buf = io.StringIO()
    logger = log.configure(stream=buf)
    assert logger is logging.getLogger("minsheng")
    child = logging.getLogger("minsheng.pipeline.runner")
    child.info("report %s: done", "tiny")
    child.warning("careful")
    child.debug("not shown")
    assert buf.getvalue() == "report tiny: done\ncareful\n"


def test_debug_only_when_verbose():
    quiet, loud = io.StringIO(), io.StringIO()
    log.configure(verbose=False, stream=quiet)
    logging.getLogger("minsheng.x").debug("step 1")
    assert quiet.getvalue() == ""
    log.configure(verbose=True, stream=loud)
    logging.getLogger("minsheng.x").debug("step 1")
    assert loud.getvalue() == "step 1\n"


def test_configuring_twice_does_not_duplicate_lines():
    buf = io.StringIO()
    log.configure(stream=buf)
    log.configure(stream=buf)
    logging.getLogger("minsheng.y").info("once")
    assert buf.getvalue() == "once\n"


def test_the_second_configuration_replaces_the_first():
    first, second = io.StringIO(), io.StringIO()
    log.configure(stream=first)
    log.configure(stream=second)
    logging.getLogger("minsheng").info("here")
    assert (first.getvalue(), second.getvalue()) == ("", "here\n")


def test_a_handler_of_ones_own_is_kept_and_other_loggers_are_untouched():
    own, buf = io.StringIO(), io.StringIO()
    mine = logging.StreamHandler(own)
    logger = logging.getLogger("minsheng")
    logger.addHandler(mine)
    log.configure(stream=buf)
    log.configure(stream=buf)
    assert mine in logger.handlers
    logger.info("both")
    logging.getLogger("somebody_else").error("not ours")
    assert buf.getvalue() == "both\n"
    assert own.getvalue() == "both\n"

"""The package's logging: one logger per module under ``minsheng``, configured once by the command line.

Library code never prints: it logs (``logging.getLogger(__name__)``). The
command line (:func:`configure`) sends INFO and above to standard error as
plain lines, DEBUG too with ``--verbose``. A researcher importing the package
in a notebook sees only warnings unless they configure logging themselves.
"""

from __future__ import annotations

import logging
import sys

ROOT = "minsheng"


def configure(verbose: bool = False, stream=None) -> logging.Logger:
    """One handler on the ``minsheng`` logger writing ``message`` lines to ``stream`` (default standard error)."""
    logger = logging.getLogger(ROOT)
    for h in list(logger.handlers):
        if getattr(h, "_minsheng", False):
            logger.removeHandler(h)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._minsheng = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    return logger

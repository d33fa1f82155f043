"""The package's one exception hierarchy; the command line turns each into one line on stderr.

``MinshengError`` is the root, so a caller can catch everything the package
raises on purpose. Exit codes (data contract): ``InputError`` 2, the others 1.
"""


class MinshengError(Exception):
    """Anything minsheng raises on purpose; the message says what and what to do."""


class InputError(MinshengError):
    """Bad usage or bad input: exit code 2. The message says what was wrong and what to do."""


class CheckError(MinshengError):
    """A product failed its own checks (a bug or a regression): exit code 1."""


class StepFailed(MinshengError):
    """A step of a report's run failed; the message names the report, the step (and cell) and why: exit code 1."""


class NothingToPlot(MinshengError):
    """The data hold nothing to draw; the message says why, in a sentence for the reader."""

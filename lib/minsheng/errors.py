"""Errors that the command line turns into one line on stderr."""


class InputError(Exception):
    """Bad usage or bad input: exit code 2. The message says what and what to do."""


class CheckError(Exception):
    """A product failed its own checks (a bug or a regression): exit code 1."""

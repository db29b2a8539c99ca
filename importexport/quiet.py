"""Commands speak to people: the job machinery's own log lines (Celery's "Task … succeeded",
kombu's "No hostname was supplied", the recompute's summary) stay out of their output unless
asked for with ``--verbosity 2``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# Loggers that report on the jobs a write sets off, not on what the command did.
MACHINERY_LOGGERS = ("celery", "kombu", "amqp", "scoring", "opendata")


@contextmanager
def machinery_quiet(verbosity: int) -> Iterator[None]:
    """Below verbosity 2, only the machinery's errors are shown while the block runs."""
    if verbosity >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in MACHINERY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

"""Where the workbench writes its log, and how the file is kept from growing without bound.

Analysts report problems by sending a file, so every unexpected error goes, with its full
traceback, to one rotating log in the user log folder (``platformdirs.user_log_dir``).
Rotation caps the disk it can take (``MAX_LOG_BYTES`` x ``LOG_BACKUPS``). Nothing here
imports Qt: the CLI and the window share it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

LOGGER_NAME = "workbench"
LOG_FILE_NAME = "workbench.log"
MAX_LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("workbench", appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler to the ``workbench`` logger once; return the file.

    Returns None when the log folder cannot be created (a read-only home, say): the
    workbench must still start, so logging then falls back to stderr only.
    """
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    path = log_file()
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            # The user folders moved (tests isolate HOME): follow them instead of logging twice.
            logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
            logger.addHandler(logging.StreamHandler())
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return path


def close_logging() -> None:
    """Detach and close the workbench's handlers (tests and a clean shutdown use this)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()

"""Request ids in every log line: the middleware sets the id of the request being served, and
each log record carries it as ``request_id`` (``-`` outside a request)."""

from __future__ import annotations

import copy
import logging
from contextvars import ContextVar
from typing import Any

REQUEST_ID: ContextVar[str] = ContextVar("kcn_request_id", default="-")
_installed: list[bool] = []


def install_record_factory() -> None:
    """Give every log record a ``request_id`` attribute (once per process)."""
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = REQUEST_ID.get()
        return record

    logging.setLogRecordFactory(factory)
    _installed.append(True)


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the request id in each line, and KCN's own
    messages (logger ``kcn``) shown alongside uvicorn's."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"]["fmt"] = "%(levelprefix)s [%(request_id)s] %(message)s"
    config["formatters"]["access"]["fmt"] = (
        '%(levelprefix)s [%(request_id)s] %(client_addr)s - "%(request_line)s" %(status_code)s'
    )
    config["loggers"]["kcn"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config

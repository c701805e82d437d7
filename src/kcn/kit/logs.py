"""Request ids in every log line: the middleware sets the id of the request being served, and
each log record carries it as ``request_id`` (``-`` outside a request).

``kcn serve`` logs as text (uvicorn's style) or, with ``KCN_LOG_FORMAT=json``, one JSON object
per line (python-json-logger): ``time``, ``level``, ``logger``, ``message``, ``request_id``, and
for the access lines (logger ``kcn.access``, written by :mod:`kcn.kit.telemetry`) ``method``,
``path``, ``route``, ``status``, ``duration_ms`` and ``client``; an error adds ``exc_info``.
"""

from __future__ import annotations

import copy
import logging
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID: ContextVar[str] = ContextVar("kcn_request_id", default="-")
LOG_FORMATS = ("text", "json")
_installed: list[bool] = []
# The JSON object of a line: these record attributes, renamed, and the time.
JSON_FIELDS = "{levelname}{name}{message}{request_id}"
JSON_RENAME = {"levelname": "level", "name": "logger"}
# Attributes uvicorn adds to its records that say nothing more than the message.
JSON_SKIP = (*RESERVED_ATTRS, "color_message")


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


def json_formatter() -> JsonFormatter:
    """The formatter of ``KCN_LOG_FORMAT=json`` (as the logging configuration builds it)."""
    return JsonFormatter(**_json_options())


def _json_options() -> dict[str, Any]:
    return {
        "fmt": JSON_FIELDS,
        "style": "{",
        "rename_fields": dict(JSON_RENAME),
        "timestamp": "time",
        "reserved_attrs": list(JSON_SKIP),
        "json_ensure_ascii": False,
    }


def uvicorn_log_config(log_format: str = "text") -> dict[str, Any]:
    """uvicorn's logging configuration with the request id in each line, KCN's own messages
    (logger ``kcn``) and its access lines (``kcn.access``, replacing uvicorn's, which lack
    the duration) shown alongside uvicorn's, and other libraries' warnings too (root).
    ``json``: every line one JSON object."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"]["fmt"] = "%(levelprefix)s [%(request_id)s] %(message)s"
    config["formatters"]["access"] = {
        "()": "uvicorn.logging.DefaultFormatter",
        "fmt": "%(levelprefix)s [%(request_id)s] %(message)s",
    }
    if log_format == "json":
        json_config = {"()": "pythonjsonlogger.json.JsonFormatter", **_json_options()}
        config["formatters"]["default"] = json_config
        config["formatters"]["access"] = dict(json_config)
    config["loggers"]["kcn"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["loggers"]["kcn.access"] = {
        "handlers": ["access"],
        "level": "INFO",
        "propagate": False,
    }
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config

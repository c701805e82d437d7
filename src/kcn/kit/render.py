"""Server-rendered pages: one Jinja environment with the formatting helpers of both languages.

The kit knows no domain: what every page needs from the request beyond the language (who is
signed in, the CSRF token) comes from context hooks that the application registers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from kcn import __version__
from kcn.kit import i18n
from kcn.kit.http import get_lang
from kcn.kit.periods import Period, PeriodError

_env = Environment(
    loader=PackageLoader("kcn", "web/templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
i18n.jinja_i18n(_env)
templates = Jinja2Templates(env=_env)

ContextHook = Callable[[Request], dict[str, Any]]
_CONTEXT_HOOKS: list[ContextHook] = []


def add_context_hook(hook: ContextHook) -> None:
    """Register ``hook(request) -> dict``; its items are in every page's context."""
    if hook not in _CONTEXT_HOOKS:
        _CONTEXT_HOOKS.append(hook)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    lang = get_lang(request)

    def url_with(**changes: Any) -> str:
        """The current URL with some query parameters changed (None removes one)."""
        params = dict(request.query_params)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        return f"{request.url.path}?{urlencode(params)}" if params else request.url.path

    def period(code: object) -> str:
        """A period code in words: ``2024-H1`` → ``6 tháng đầu năm 2024``."""
        try:
            return Period.parse(str(code)).label(lang)
        except PeriodError:
            return str(code)

    helpers = {
        "request": request,
        "period": period,
        **i18n.formatters(lang),
        "url_with": url_with,
        "version": __version__,
    }
    for hook in _CONTEXT_HOOKS:
        helpers.update(hook(request))
    return templates.TemplateResponse(
        request, name, {**helpers, **context}, status_code=status_code
    )


def error_page(request: Request, status: int, body: dict[str, Any]) -> HTMLResponse:
    """The HTML twin of an API error: same message and field list, in the visitor's language."""
    error = body["error"]
    title = i18n.translate("error.title", get_lang(request), status=status)
    context = {"title": title, "message": error["message"], "fields": error["fields"]}
    return render(request, "error.html", context, status_code=status)

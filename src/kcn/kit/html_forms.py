"""What a web form does the same way on every page: a visitor not signed in is sent to sign
in (a post, which cannot be replayed after login, is refused with 401); the form's fields are
given to the schemas as the API would get them (empty optional fields absent, numbers typed
the page language's way made plain); and a refused write comes back as a message per field,
nothing written. Each form posts to the same service as the API (same rules, permissions and
audit)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from kcn.kit.errors import DomainError, FieldError
from kcn.kit.http import field_errors
from kcn.kit.i18n import number_style, parse_number, translate
from kcn.kit.permissions import Actor, NotAuthenticated

T = TypeVar("T")


def login_first(request: Request, actor: Actor) -> Response | None:
    """A redirect to the sign-in page for a visitor not signed in (401 on a post); the page
    asked for, with its query, comes back after signing in, and a ``?lang=`` asked for stays."""
    if actor.is_authenticated:
        return None
    if request.method != "GET":
        raise NotAuthenticated()
    query = request.url.query
    params = {"next": request.url.path + (f"?{query}" if query else "")}
    if lang := request.query_params.get("lang"):
        params["lang"] = lang
    return RedirectResponse(f"/login?{urlencode(params)}", status_code=303)


def messages(errors: Iterable[FieldError], lang: str) -> dict[str, str]:
    """The first message of each field, in ``lang``."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.field, translate(e.key, lang, **e.params))
    return out


def clean(form: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Form fields as the API would get them: empty optional fields are absent."""
    return {k: v for k in names if (v := str(form.get(k, "")).strip()) != ""}


def numbers(payload: dict[str, Any], names: Iterable[str], lang: str) -> list[FieldError]:
    """Numbers typed the page language's way (vi ``123,45`` is 123.45) put in plain form for
    the schemas, in place; a number written another way is an error that shows the style."""
    errors = []
    for name in names:
        if isinstance(value := payload.get(name), str):
            try:
                payload[name] = str(parse_number(value, lang))
            except ValueError:
                errors.append(FieldError(name, "field.number_format", number_style(lang)))
    return errors


async def posted(
    request: Request, actor: Actor, work: Callable[[dict[str, str]], Response]
) -> Response:
    """A form post's fields given to ``work`` in a worker thread (the database never blocks
    the event loop); 401 for a visitor not signed in."""
    if (redirect := login_first(request, actor)) is not None:
        return redirect
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(work, form)


def save(
    write: Callable[[], T],
    lang: str,
    refused: Iterable[FieldError],
    then: Callable[[T], str],
    again: Callable[[dict[str, str], int], Response],
) -> Response:
    """:func:`attempt` the write: on success a 303 to ``then(result)``; else ``again(messages,
    status)``, the form's page with the messages beside its fields."""
    done, errors, status = attempt(write, lang, refused)
    if done is not None:
        return RedirectResponse(then(done), status_code=303)
    return again(errors, status)


def attempt(
    write: Callable[[], T], lang: str, refused: Iterable[FieldError] = ()
) -> tuple[T | None, dict[str, str], int]:
    """Run ``write`` (the schema's validation and the service's write) unless the form was
    already ``refused`` (a number written another way): its result, or the messages by field
    (``""``: the form's) and the HTTP status of the refusal."""
    if found := messages(refused, lang):
        return None, found, 422
    try:
        return write(), {}, 200
    except ValidationError as exc:
        return None, messages(field_errors(exc), lang), 422
    except DomainError as exc:
        found = messages(exc.fields, lang) or {"": translate(exc.key, lang, **exc.params)}
        return None, found, exc.status_code

"""The API of a declared resource (see :mod:`kcn.kit.resources`).

This module deliberately has no ``from __future__ import annotations``: the endpoints are
built in closures, and FastAPI must see their parameter types as objects.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.responses import StreamingResponse

from kcn.kit import export
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.pagination import Page, Window, links, paginate, window
from kcn.kit.permissions import Actor
from kcn.kit.resources import Context, Resource

WindowDep = Annotated[Window, Depends(window)]
IfMatch = Annotated[
    str | None,
    Header(description='The version read, as the ETag gave it ("3"): 409 if it changed.'),
]


def expected_version(if_match: str | None) -> int | None:
    """The version in an ``If-Match`` header (``"3"``, ``W/"3"`` or ``3``); None if absent."""
    if if_match is None or if_match.strip() == "*":
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationFailed(fields=[FieldError("If-Match", "field.integer")])
    return int(raw)


def build_router(resource: Resource, actor_dependency: Callable[..., Actor]) -> APIRouter:
    """List, export, detail, create, update and delete for ``resource``; the domain adds its
    own routes (sub-records, summaries) to the router it gets back."""
    router = APIRouter(prefix=resource.path, tags=[resource.tag])
    ActorDep = Annotated[Actor, Depends(actor_dependency)]
    FilterDep = Annotated[Any, Depends(resource.filter_dependency)]
    DetailDep = Annotated[Any, Depends(resource.detail_dependency)]
    read_schema: Any = resource.read_schema
    key = f"{resource.name}_id"  # the path parameter: /api/v1/zones/{zone_id}
    ItemId = Annotated[int, Path(alias=key, ge=1, le=2**63 - 1)]
    plural, one = resource.names, resource.name

    @router.get(
        "", response_model=Page[read_schema], name=f"list_{plural}", summary=f"List {plural}"
    )
    def list_items(
        request: Request,
        response: Response,
        session: SessionDep,
        lang: LangDep,
        actor: ActorDep,
        filters: FilterDep,
        win: WindowDep,
    ) -> Any:
        rows, total = paginate(
            session, resource.list_query(session, actor, filters), win.limit, win.offset
        )
        response.headers["Link"] = links(request, win, total)
        response.headers["X-Total-Count"] = str(total)
        items = resource.read_rows(session, rows, Context(actor, lang, filters))
        return Page(items=items, total=total, limit=win.limit, offset=win.offset)

    @router.get(
        "/export.{fmt}",
        name=f"export_{plural}",
        summary=f"Export the filtered list of {plural} (xlsx or csv)",
        response_class=StreamingResponse,
        responses={
            200: {"content": {t: {} for t in export.MEDIA_TYPES.values()}, "description": "File"}
        },
    )
    def export_items(
        session: SessionDep,
        lang: LangDep,
        actor: ActorDep,
        filters: FilterDep,
        fmt: export.Format,
    ) -> StreamingResponse:
        data = resource.export(session, actor, lang, filters, fmt)
        return export.download(data, fmt, resource.export_name(filters))

    @router.get(
        f"/{{{key}:int}}", response_model=read_schema, name=f"read_{one}", summary=f"Read a {one}"
    )
    def read_item(
        response: Response,
        session: SessionDep,
        lang: LangDep,
        actor: ActorDep,
        item_id: ItemId,
        params: DetailDep,
    ) -> Any:
        item = resource.read_one(session, item_id, Context(actor, lang, params))
        _etag(response, item)
        return item

    if resource.create is not None and resource.create_schema is not None:
        create = resource.create
        CreateSchema: Any = resource.create_schema

        @router.post(
            "",
            response_model=read_schema,
            status_code=201,
            name=f"create_{one}",
            summary=f"Create a {one}",
        )
        def create_item(
            response: Response,
            session: SessionDep,
            lang: LangDep,
            actor: ActorDep,
            data: CreateSchema,
        ) -> Any:
            obj = create(session, data, actor)
            item = _reread(session, resource, obj.id, actor, lang)
            _etag(response, item)
            response.headers["Location"] = f"{resource.path}/{obj.id}"
            return item

    if resource.update is not None and resource.update_schema is not None:
        update = resource.update
        UpdateSchema: Any = resource.update_schema

        @router.patch(
            f"/{{{key}:int}}",
            response_model=read_schema,
            name=f"update_{one}",
            summary=f"Update a {one}",
        )
        def update_item(
            response: Response,
            session: SessionDep,
            lang: LangDep,
            actor: ActorDep,
            item_id: ItemId,
            data: UpdateSchema,
            if_match: IfMatch = None,
        ) -> Any:
            update(session, item_id, data, actor, expected_version(if_match))
            item = _reread(session, resource, item_id, actor, lang)
            _etag(response, item)
            return item

    if resource.delete is not None:
        delete = resource.delete

        @router.delete(
            f"/{{{key}:int}}", status_code=204, name=f"delete_{one}", summary=f"Delete a {one}"
        )
        def delete_item(
            session: SessionDep, actor: ActorDep, item_id: ItemId, if_match: IfMatch = None
        ) -> Response:
            delete(session, item_id, actor, expected_version(if_match))
            return Response(status_code=204)

    return router


def _reread(session: Any, resource: Resource, item_id: int, actor: Actor, lang: str) -> Any:
    """The record as stored after a committed write."""
    session.expire_all()
    return resource.read_one(session, item_id, Context(actor, lang))


def _etag(response: Response, item: Any) -> None:
    """A versioned record's version as its ETag, for ``If-Match`` on the next write."""
    version = getattr(item, "version", None)
    if version is not None:
        response.headers["ETag"] = f'"{version}"'

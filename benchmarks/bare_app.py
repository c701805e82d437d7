"""The reference of ``bench_api.py``: a bare FastAPI app that answers each benchmarked path
with the bytes KCN answered it with, from memory (no database, no templates, no middleware).

``KCN_BARE_RESPONSES`` names a JSON file ``{"name": {"media_type": …, "body": …}}``; each is
served at ``/bare/<name>``. Run by ``bench_api.py`` as ``uvicorn bare_app:app``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

RESPONSES = json.loads(Path(os.environ["KCN_BARE_RESPONSES"]).read_text("utf-8"))
BODIES = {name: (r["body"].encode("utf-8"), r["media_type"]) for name, r in RESPONSES.items()}

app = FastAPI()


@app.get("/bare/{name}")
async def bare(name: str) -> Response:
    if name not in BODIES:
        raise HTTPException(404)
    body, media_type = BODIES[name]
    return Response(body, media_type=media_type)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}

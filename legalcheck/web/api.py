"""The JSON API beside the pages: ``/api/check``, ``/api/plan``, ``/api/screen``, ``/api/health``.

``POST /api/check`` gives byte for byte what ``legalcheck check`` writes for the same document; bad input gives
HTTP 422 with the CLI's file/line/field messages (``errors``), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import InputError, Problem
from ..limits import MAX_SCREEN_NAMES
from .state import MEDIA_TYPES, AppState, memo_style_hashes, parse_as_of

YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
JSON_TYPES = {"application/json", "text/json", ""}
CHECK_FORMATS = ("json", "md", "html", "docx")
PLAN_FORMATS = ("json", "csv", "xlsx", "md")


def problems_response(problems: list[Problem], status: int = 422) -> JSONResponse:
    return JSONResponse({"errors": [{**p.__dict__, "text": p.render()} for p in problems]}, status_code=status)


def bad_input(exc: BaseException) -> JSONResponse:
    if isinstance(exc, InputError):
        return problems_response(exc.problems)
    what = "input nested too deeply" if isinstance(exc, RecursionError) else "input too large to process"
    return problems_response([Problem(file="request", message=what)])


def state_of(request: Request) -> AppState:
    return request.app.state.legalcheck  # type: ignore[no-any-return]


def _format(request: Request, allowed: tuple[str, ...], default: str) -> str:
    fmt = request.query_params.get("format", default)
    if fmt not in allowed:
        raise InputError.single("format", "unknown format", expected=" | ".join(allowed), found=repr(fmt))
    return fmt


def document_name(content_type: str) -> str:
    """How the request body is named in messages; ``.json`` makes it read as JSON, as a ``.json`` file is."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in YAML_TYPES:
        return "request.yaml"
    if kind in JSON_TYPES:
        return "request.json"
    raise InputError.single("Content-Type", "unsupported body type", expected="application/json or application/yaml",
                            found=repr(kind))


async def api_check(request: Request) -> Response:
    try:
        fmt = _format(request, CHECK_FORMATS, "json")
        as_of = parse_as_of(request.query_params.get("as_of"))
        name = document_name(request.headers.get("content-type", ""))
        body = await request.body()
        state = state_of(request)
        checked = await run_in_threadpool(state.check, body, name, as_of)
        data = await run_in_threadpool(state.render, checked, fmt)
    except (InputError, RecursionError, MemoryError) as exc:
        return bad_input(exc)
    headers = {}
    if fmt == "html":
        from .security import csp

        headers["content-security-policy"] = csp(memo_style_hashes(data.decode("utf-8")))
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)


async def api_plan(request: Request) -> Response:
    try:
        fmt = _format(request, PLAN_FORMATS, "json")
        plan, profiles = await read_plan_upload(request)
        state = state_of(request)
        job = await run_in_threadpool(state.jobs.start, state, plan, profiles, True)
        if job.problems:
            return problems_response(job.problems)
        from ..plan.writers import render

        data = await run_in_threadpool(render, job.result, fmt)  # a large plan's workbook: not on the event loop
    except (InputError, RecursionError, MemoryError) as exc:
        return bad_input(exc)
    return Response(data.encode("utf-8") if isinstance(data, str) else data, media_type=MEDIA_TYPES[fmt])


async def read_plan_upload(request: Request, csrf: Any = None) -> tuple[tuple[str, bytes], tuple[str, bytes] | None]:
    """The uploaded plan (field ``plan``) and optional profiles (field ``profiles``) as (file name, bytes); with
    ``csrf`` (a page's form), the form's CSRF token is checked too."""
    from starlette.datastructures import UploadFile

    from .security import BodyTooLarge

    try:
        form = await request.form(max_files=2, max_fields=20)
    except BodyTooLarge:  # a chunked body past the limit: 413 (app._too_large)
        raise
    except Exception as exc:  # a malformed multipart body: the parser's own exception types vary
        raise InputError.single("request", f"not a valid file upload ({type(exc).__name__})") from None
    token = form.get("csrf")
    if csrf is not None and not csrf.valid(token if isinstance(token, str) else None):
        await form.close()
        raise InputError.single("form", "the form has expired or did not come from this app: reload the page")
    files: dict[str, tuple[str, bytes]] = {}
    for key in ("plan", "profiles"):
        item = form.get(key)
        if isinstance(item, UploadFile) and item.filename:
            files[key] = (item.filename, await item.read())
    await form.close()
    if "plan" not in files:
        raise InputError.single("plan", "no plan file uploaded", expected="a .csv or .xlsx file in the field 'plan'")
    return files["plan"], files.get("profiles")


def screen_names(state: AppState, names: list[str], day: dt.date) -> list[dict[str, Any]]:
    """``legalcheck screen --format json`` for each name, against the lists the engine screens with."""
    from ..commands.screen import match_json, review_flags

    out = []
    for name in names:
        with state.lock:
            matches = state.screener.screen(name)
        res: dict[str, Any] = {"query": name, "as_of": day.isoformat(),
                               "matches": [match_json(m, day) for m in matches]}
        flags = review_flags(name)
        if flags:
            res["review"] = flags
        out.append(res)
    return out


def parse_names(values: list[str]) -> list[str]:
    names = [n.strip() for v in values for n in v.replace("\r", "").split("\n") if n.strip()]
    if not names:
        raise InputError.single("name", "no name given", expected="?name=NAME (repeatable)")
    if len(names) > MAX_SCREEN_NAMES:
        raise InputError.single("name", "too many names", expected=f"at most {MAX_SCREEN_NAMES}",
                                found=str(len(names)))
    if any(len(n) > 500 for n in names):
        raise InputError.single("name", "name too long", expected="at most 500 characters")
    from ..screening.normalise import normalise_name

    blank = [n for n in names if not normalise_name(n)]
    if blank:
        raise InputError.single("name", "no letters or digits to screen (only spaces, punctuation or invisible "
                                "characters)", found=ascii(blank[0]))
    return names


async def api_screen(request: Request) -> Response:
    try:
        names = parse_names(request.query_params.getlist("name"))
        day = parse_as_of(request.query_params.get("as_of")) or dt.date.today()
        rows = await run_in_threadpool(screen_names, state_of(request), names, day)
    except (InputError, RecursionError, MemoryError) as exc:
        return bad_input(exc)
    return JSONResponse(rows[0] if len(rows) == 1 else rows)


async def api_health(request: Request) -> Response:
    from .. import __version__

    state = state_of(request)
    body = {"status": "ok", "version": __version__, "rules_sha256": state.rules.sha256,
            "data_source": state.data_source, "jurisdictions": [j.meta.code for j in
                                                                 state.rules.ordered_jurisdictions()],
            "lists": {k: v.as_of.isoformat() for k, v in state.rules.lists.items()}}
    return Response(json.dumps(body, indent=2), media_type="application/json")

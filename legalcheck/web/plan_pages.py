"""The Plan page: upload a plan, watch real progress (rows answered of rows to answer), read the table, download."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import InputError
from .api import read_plan_upload, state_of
from .pages import render
from .state import MEDIA_TYPES

OUTCOME_CLASS = {"prohibited": "bad", "needs_review": "review", "licensed": "ok", "exempt": "ok", "permitted": "ok",
                 "not_applicable": "none", "error": "error"}


async def plan_page(request: Request) -> Response:
    return render(request, "plan.html")


async def plan_upload(request: Request) -> Response:
    state = state_of(request)
    try:
        plan, profiles = await read_plan_upload(request, csrf=state.csrf)
        job = state.jobs.start(state, plan, profiles)
    except InputError as exc:
        return render(request, "plan.html", 422, problems=exc.problems)
    return RedirectResponse(f"/plan/jobs/{job.id}", status_code=303)


async def plan_job(request: Request) -> Response:
    job = state_of(request).jobs.get(request.path_params["job"])
    if job is None:
        return render(request, "plan.html", 404, problems=None, gone=True)
    # a finished plan's table has a row per activity (thousands): rendered in a worker thread, not on the event loop
    return await run_in_threadpool(render, request, "plan_job.html", job=job, outcome_class=OUTCOME_CLASS,
                                   counts=job.result.counts() if job.result is not None else {})


async def plan_download(request: Request) -> Response:
    from ..plan.writers import render as render_plan

    job = state_of(request).jobs.get(request.path_params["job"])
    fmt = request.path_params["fmt"]
    if job is None or job.result is None or fmt not in ("xlsx", "csv"):
        return Response("not found (results are kept for an hour)", status_code=404, media_type="text/plain")
    data = await run_in_threadpool(render_plan, job.result, fmt)  # not on the event loop: a long plan takes a while
    return Response(data.encode("utf-8") if isinstance(data, str) else data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f'attachment; filename="plan-results.{fmt}"'})


async def plan_template(request: Request) -> Response:
    from ..plan.template import build_template

    data = await run_in_threadpool(build_template, state_of(request).rules)
    return Response(data, media_type=MEDIA_TYPES["xlsx"],
                    headers={"content-disposition": 'attachment; filename="plan-template.xlsx"'})

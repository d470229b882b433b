"""The five pages: New check, Result, Plan, Screen, About the data (server-rendered with Jinja2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError, Problem
from ..interview import (
    FUNDER_KIND_HELP,
    Basics,
    activity_options,
    basics_from_data,
    engagement_data,
    engagement_yaml,
    open_asks,
    options,
)
from ..limits import MAX_FORM_FIELD_BYTES
from .api import parse_names, screen_names, state_of
from .forms import FUNDER_ROWS, apply_form_answers, basics_from_form
from .security import csp
from .state import MEDIA_TYPES, memo_style_hashes, plain_answers

OUTCOME_WORDS = {
    "prohibited": "Prohibited", "needs_review": "Needs review", "licensed": "Licensed", "exempt": "Exempt",
    "permitted": "Allowed (no prohibition found in the encoded law)", "not_applicable": "Not applicable",
}
DOWNLOADS = (("md", "Markdown memo"), ("html", "HTML memo"), ("docx", "Word memo"), ("json", "JSON result"),
             ("yaml", "Engagement file (YAML)"))
ENGAGEMENT_NAME = "engagement.yaml"


def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("legalcheck.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["outcome_words"] = OUTCOME_WORDS
    return env


ENV = _env()


def render(request: Request, template: str, status: int = 200, style_hashes: list[str] | None = None,
           **context: Any) -> HTMLResponse:
    state = state_of(request)
    body = ENV.get_template(template).render(csrf=state.csrf.token(), path=request.url.path, **context)
    headers = {"content-security-policy": csp(style_hashes or [])}
    return HTMLResponse(body, status_code=status, headers=headers)


async def _form(request: Request) -> Any:
    """The posted form, after the CSRF check; InputError when the token is missing or wrong."""
    form = await request.form(max_files=0, max_fields=500, max_part_size=MAX_FORM_FIELD_BYTES)
    if not state_of(request).csrf.valid(form.get("csrf") if isinstance(form.get("csrf"), str) else None):
        raise InputError.single("form", "the form has expired or did not come from this app: reload the page")
    return form


def _new_context(request: Request, b: Basics, errors: dict[str, str]) -> dict[str, Any]:
    rules = state_of(request).rules
    return {"b": b, "errors": errors, "purposes": options("purpose"), "org_types": options("org_type"),
            "funder_kinds": options("funder_kind"), "funder_kind_help": FUNDER_KIND_HELP,
            "kinds": activity_options(rules), "chosen": {a.kind: a for a in b.activities},
            "funder_rows": [b.funders[i] if i < len(b.funders) else None for i in range(FUNDER_ROWS)]}


async def new_page(request: Request) -> Response:
    """GET: an empty form. POST (from a result, "change the answers"): the form filled from the engagement."""
    b = Basics()
    if request.method == "POST":
        try:
            form = await _form(request)
            data = _engagement_from_form(form)
        except InputError as exc:
            return render(request, "error.html", 422, problems=exc.problems)
        b = basics_from_data(data)
    return render(request, "new.html", **_new_context(request, b, {}))


def _engagement_from_form(form: Any) -> dict[str, Any]:
    from ..yamlio import parse_document

    text = form.get("engagement")
    if not isinstance(text, str) or not text.strip():
        raise InputError.single("engagement", "no engagement in the form")
    data, _ = parse_document(text, ENGAGEMENT_NAME)
    if not isinstance(data, dict):
        raise InputError.single(ENGAGEMENT_NAME, "expected a mapping at the top level")
    return data


async def check_page(request: Request) -> Response:
    """POST from New check: the basics become an engagement, which is checked and shown."""
    state = state_of(request)
    try:
        form = await _form(request)
    except InputError as exc:
        return render(request, "error.html", 422, problems=exc.problems)
    b, errors = basics_from_form(form, state.rules)
    if errors:
        return render(request, "new.html", 422, **_new_context(request, b, errors))
    return await _result(request, engagement_yaml(engagement_data(b, state.rules), ENGAGEMENT_NAME), basics=b)


async def result_page(request: Request) -> Response:
    """POST from a Result: the answers to its open questions are written into the engagement, and it is re-run."""
    state = state_of(request)
    try:
        form = await _form(request)
        data = _engagement_from_form(form)
        checked = await run_in_threadpool(state.check, engagement_yaml(data).encode(), ENGAGEMENT_NAME)
        written, errors = apply_form_answers(data, open_asks(checked.result, state.rules), form)
    except (InputError, ValueError) as exc:
        problems = exc.problems if isinstance(exc, InputError) else [Problem(file="form", message=str(exc))]
        return render(request, "error.html", 422, problems=problems)
    return await _result(request, engagement_yaml(data, ENGAGEMENT_NAME), errors=errors, answered=written)


async def _result(request: Request, text: str, errors: dict[str, str] | None = None, answered: int = 0,
                  basics: Basics | None = None) -> Response:
    state = state_of(request)
    try:
        checked = await run_in_threadpool(state.check, text.encode("utf-8"), ENGAGEMENT_NAME)
        memo = (await run_in_threadpool(state.render, checked, "html")).decode("utf-8")
    except InputError as exc:
        if basics is not None:  # back to the form, every answer kept, with what the check could not accept
            problems = {"form": "; ".join(p.render().removeprefix(ENGAGEMENT_NAME + ":").strip()
                                          for p in exc.problems)}
            return render(request, "new.html", 422, **_new_context(request, basics, problems))
        return render(request, "error.html", 422, problems=exc.problems)
    asks = open_asks(checked.result, state.rules)
    plain = plain_answers(state.plainer, checked.result)
    return render(request, "result.html", 422 if errors else 200, style_hashes=memo_style_hashes(memo),
                  result=checked.result, asks=asks, plain=plain, words=state.plainer.words,
                  first_ask=_first_asks(asks), engagement=text, memo=memo,
                  errors=errors or {}, answered=answered, downloads=DOWNLOADS)


def _first_asks(asks: list[Any]) -> dict[str, list[Any]]:
    """{"jurisdiction (activity id)": the questions shown next to that finding}: each question once, beside the
    first finding that raises it."""
    out: dict[str, list[Any]] = {}
    for a in asks:
        out.setdefault(a.asked_by[0], []).append(a)
    return out


async def download(request: Request) -> Response:
    """The memo (md, html, docx), the JSON result or the engagement file, for the engagement in the form."""
    fmt = request.path_params["fmt"]
    if fmt not in MEDIA_TYPES or fmt in ("xlsx", "csv"):
        return Response("unknown format", status_code=404, media_type="text/plain")
    state = state_of(request)
    try:
        form = await _form(request)
        text = engagement_yaml(_engagement_from_form(form), ENGAGEMENT_NAME)
        if fmt == "yaml":
            data = text.encode("utf-8")
        else:
            checked = await run_in_threadpool(state.check, text.encode("utf-8"), ENGAGEMENT_NAME)
            data = await run_in_threadpool(state.render, checked, fmt)
    except InputError as exc:
        return render(request, "error.html", 422, problems=exc.problems)
    name = "engagement.yaml" if fmt == "yaml" else f"memo.{fmt}" if fmt != "json" else "result.json"
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def screen_page(request: Request) -> Response:
    """GET with ``names`` (one per line): each screened, with its explanation."""
    state = state_of(request)
    text = request.query_params.get("names", "")
    rows, problems = [], []
    if text.strip():
        try:
            rows = await run_in_threadpool(screen_names, state, parse_names([text]), dt.date.today())
        except InputError as exc:
            problems = exc.problems
    return render(request, "screen.html", 422 if problems else 200, names=text, rows=rows, problems=problems)


async def about_page(request: Request) -> Response:
    from ..coverage import coverage_matrix

    state = state_of(request)
    rules = state.rules
    today = dt.date.today()
    lists = [{"id": k, "title": v.title, "authority": v.authority, "as_of": v.as_of, "entries": len(v.entries),
              "review_by": v.review_due, "stale": today > v.review_due} for k, v in sorted(rules.lists.items())]
    cells = {(c.jurisdiction, c.activity_kind): c for c in coverage_matrix(rules)}
    return render(request, "about.html", jurisdictions=rules.ordered_jurisdictions(), lists=lists, cells=cells,
                  kinds=list(rules.activity_kinds.values()), data_source=state.data_source, today=today,
                  rules_sha256=rules.sha256)


async def home(request: Request) -> Response:
    return RedirectResponse("/new", status_code=303)


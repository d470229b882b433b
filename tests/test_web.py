"""The web app's API and pages through Starlette's TestClient: byte-identical output to ``legalcheck check``,
hostile input answered with 4xx while the server keeps serving, and the privacy guard (host, token, origin, CSRF,
CSP, body limit)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from legalcheck.cli import main
from legalcheck.limits import MAX_REQUEST_BYTES
from legalcheck.web.app import create_app
from legalcheck.web.state import WebConfig

EXAMPLES = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))
SCENARIOS = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))
BAD = ROOT / "tests" / "bad_inputs"
YAML = {"content-type": "application/yaml"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebConfig(hosts=frozenset({"testserver"}))), raise_server_exceptions=False)


def _cli(file: Path, fmt: str) -> bytes:
    r = CliRunner().invoke(main, ["check", str(file), "--format", fmt])
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def _csrf(page: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "no CSRF token in the form"
    return m.group(1)


@pytest.mark.parametrize("file", EXAMPLES, ids=lambda p: p.stem)
def test_api_check_is_byte_identical_to_the_cli_for_the_examples(client: TestClient, file: Path) -> None:
    body = file.read_bytes()
    for fmt in ("json", "md", "html"):
        r = client.post(f"/api/check?format={fmt}", content=body, headers=YAML)
        assert r.status_code == 200, r.text
        assert r.content == _cli(file, fmt), fmt


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_api_check_is_byte_identical_to_the_cli_for_every_scenario(client: TestClient, scenario: Path,
                                                                   tmp_path: Path) -> None:
    eng = yaml.safe_load(scenario.read_text(encoding="utf-8"))["engagement"]
    text = yaml.safe_dump(eng, sort_keys=False, allow_unicode=True)
    file = tmp_path / "engagement.yaml"
    file.write_text(text, encoding="utf-8")
    for fmt in ("json", "md"):
        r = client.post(f"/api/check?format={fmt}", content=text.encode("utf-8"), headers=YAML)
        assert r.status_code == 200, r.text
        assert r.content == _cli(file, fmt), fmt


def test_api_check_reads_json_and_as_of_like_the_cli(client: TestClient, tmp_path: Path) -> None:
    import json

    data = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    text = json.dumps(data, default=str, indent=1)
    file = tmp_path / "e.json"
    file.write_text(text, encoding="utf-8")
    r = client.post("/api/check?format=md&as_of=2023-01-10", content=text.encode(),
                    headers={"content-type": "application/json"})
    cli = CliRunner().invoke(main, ["check", str(file), "--format", "md", "--as-of", "2023-01-10"])
    assert r.status_code == 200 and r.content == cli.stdout_bytes
    docx = client.post("/api/check?format=docx", content=EXAMPLES[0].read_bytes(), headers=YAML)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def _bad_engagement_cases() -> list[dict[str, Any]]:
    cases = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    return [c for c in cases if c.get("file", "").startswith("engagements/") and c["args"][0] == "check"
            and "generate" not in c and not c.get("xfail") and len(c["args"]) == 4
            and not c["file"].endswith("good.yaml") and (BAD / c["file"]).is_file()]


@pytest.mark.parametrize("case", _bad_engagement_cases(), ids=lambda c: c["id"])
def test_hostile_engagements_give_422_with_the_cli_message(client: TestClient, case: dict[str, Any]) -> None:
    path = BAD / case["file"]
    kind = "application/json" if path.suffix == ".json" else "application/yaml"
    r = client.post("/api/check?format=json", content=path.read_bytes(), headers={"content-type": kind})
    assert r.status_code == 422, r.text[:500]
    name = "request.json" if path.suffix == ".json" else "request.yaml"
    texts = [e["text"].replace(name, str(path)) for e in r.json()["errors"]]  # named as the CLI names the file
    assert any(case["contains"] in t for t in texts), texts
    assert "Traceback" not in r.text
    cli = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert cli.exit_code == 2
    assert texts == [line.removeprefix("legalcheck: ") for line in cli.stderr.splitlines()], "as the CLI says"


PLAN_CASES = ["plan-binary.csv", "plan-not-a-zip.xlsx", "plan-wrong-columns.csv", "plan-zip-bomb.xlsx",
              "plan-header-only.csv", "plan-201-columns.csv", "plan-utf16.csv", "plan-row-20000.xlsx"]


@pytest.mark.parametrize("name", PLAN_CASES)
def test_hostile_plans_give_4xx_and_the_server_keeps_serving(client: TestClient, name: str) -> None:
    path = BAD / "plans" / name
    profiles = ROOT / "examples" / "plans" / "profiles.yaml"
    r = client.post("/api/plan", files={"plan": (name, path.read_bytes()),
                                        "profiles": ("profiles.yaml", profiles.read_bytes())})
    assert 400 <= r.status_code < 500, r.text[:300]
    assert "Traceback" not in r.text and "/dev/shm" not in r.text and "legalcheck-" not in r.text
    assert client.get("/api/health").status_code == 200


def test_oversized_and_malformed_bodies_are_refused(client: TestClient) -> None:
    big = b"a" * (MAX_REQUEST_BYTES + 1)
    assert client.post("/api/check", content=big, headers=YAML).status_code == 413
    r = client.post("/api/plan", content=b"--x\r\nnot multipart", headers={"content-type": "multipart/form-data"})
    assert r.status_code == 422
    assert client.post("/api/check", content=b"x", headers={"content-type": "text/html"}).status_code == 422
    assert client.post("/api/check?format=pdf", content=b"x", headers=YAML).status_code == 422
    assert client.post("/api/check?as_of=tomorrow", content=b"x", headers=YAML).status_code == 422
    assert client.get("/api/health").status_code == 200


def test_api_plan_and_screen(client: TestClient) -> None:
    plan = ROOT / "examples" / "plans" / "plan.csv"
    profiles = ROOT / "examples" / "plans" / "profiles.yaml"
    r = client.post("/api/plan?format=csv", files={"plan": ("plan.csv", plan.read_bytes()),
                                                   "profiles": ("profiles.yaml", profiles.read_bytes())})
    assert r.status_code == 200, r.text
    cli = CliRunner().invoke(main, ["plan", str(plan), "--profiles", str(profiles), "--format", "csv",
                                    "--no-summary", "--jobs", "1"])
    assert r.text == cli.stdout
    alone = client.post("/api/plan", files={"plan": ("plan.csv", plan.read_bytes())})
    assert alone.status_code == 422 and "upload the organisation profiles file" in alone.text
    s = client.get("/api/screen", params={"name": "Harakat al-Shabaab al-Mujahideen"})
    assert s.status_code == 200 and s.json()["matches"][0]["match"] is True
    assert client.get("/api/screen").status_code == 422


def test_privacy_guard() -> None:
    app = create_app(WebConfig(host="127.0.0.1", port=8765))
    c = TestClient(app, base_url="http://127.0.0.1:8765")
    r = c.get("/new")
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
    # DNS rebinding: a page at evil.example that resolves to 127.0.0.1 sends Host: evil.example
    assert c.get("/api/health", headers={"host": "evil.example:8765"}).status_code == 421
    # a cross-site form post is refused before it is read; a same-site post without the CSRF token too
    assert c.post("/check", data={"title": "x"}, headers={"origin": "http://evil.example"}).status_code == 403
    assert c.post("/api/check", content=b"{}", headers={"origin": "null"}).status_code == 403
    no_token = c.post("/check", data={"title": "x"})
    assert no_token.status_code == 422 and "expired" in no_token.text
    # with a token, every request must carry it (header, or the cookie set by ?token=)
    t = TestClient(create_app(WebConfig(host="0.0.0.0", port=8765, token="s3cret")),
                   base_url="http://0.0.0.0:8765", follow_redirects=False)
    assert t.get("/api/health").status_code == 401
    assert t.get("/api/health", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert t.get("/api/health", headers={"authorization": "Bearer s3cret"}).status_code == 200
    first = t.get("/new?token=s3cret")
    assert first.status_code == 303 and "HttpOnly" in first.headers["set-cookie"]
    t.cookies.set("legalcheck_token", "s3cret")
    assert t.get("/new").status_code == 200


def test_new_check_to_result_answer_and_download(client: TestClient) -> None:
    page = client.get("/new")
    assert page.status_code == 200
    for label in ("Organisation name", "What is its purpose?", "Which best describes it?"):
        assert label in page.text
    assert "e.g. the ICRC" in page.text  # organisation types explained with examples
    form = {"csrf": _csrf(page.text), "title": "Access talks", "date": "2024-06-20", "purpose": "humanitarian",
            "org_name": "Relief Now", "org_type": "ngo_humanitarian", "incorporated_in": "CH", "staff": "CH",
            "group": "al-Shabaab", "country": "SO", "kinds": ["dialogue_meeting", "registration_with_group"]}
    bad = client.post("/check", data={**form, "date": "20/06/2024", "incorporated_in": "Switz"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text and 'aria-invalid="true"' in bad.text
    assert 'value="Access talks"' in bad.text  # nothing typed is lost
    old = client.post("/check", data={**form, "date": "1985-06-20"})  # a likely typo the engine refuses
    assert old.status_code == 422 and "1990" in old.text and 'value="Relief Now"' in old.text
    res = client.post("/check", data=form)
    assert res.status_code == 200, res.text[:500]
    assert "Short answer" in res.text and "<iframe" in res.text
    assert "'sha256-" in res.headers["content-security-policy"]  # the memo's own style, and nothing else inline
    fields = dict.fromkeys(re.findall(r'name="(q:[^"]+)"', res.text))
    assert fields, "the open questions are form fields"
    engagement = _textarea(res.text)
    # answer every yes/no question "yes" and watch the outcome change
    answers = {"csrf": _csrf(res.text), "engagement": engagement}
    answers.update({f: "yes" for f in fields if f.endswith("(true / false)") or ".facts." in f})
    again = client.post("/result", data=answers)
    assert again.status_code == 200, again.text[:500]
    assert "answers added" in again.text or "answer added" in again.text
    assert _textarea(again.text) != engagement
    assert _outcomes(again.text) != _outcomes(res.text)
    # go back: the New check form filled from the engagement
    back = client.post("/new", data={"csrf": _csrf(again.text), "engagement": _textarea(again.text)})
    assert back.status_code == 200 and 'value="Relief Now"' in back.text
    for fmt, magic in (("docx", b"PK"), ("md", b"#"), ("yaml", b"#"), ("json", b"{"), ("html", b"<!DOCTYPE")):
        d = client.post(f"/download/{fmt}", data={"csrf": _csrf(again.text), "engagement": _textarea(again.text)})
        assert d.status_code == 200 and d.content.lstrip()[:len(magic)] == magic, fmt
        assert "attachment" in d.headers["content-disposition"]


def _textarea(page: str) -> str:
    import html

    m = re.search(r'<textarea id="engagement" name="engagement"[^>]*>(.*?)</textarea>', page, re.S)
    assert m
    return html.unescape(m.group(1))


def _outcomes(page: str) -> list[str]:
    findings = page.split('id="findings"', 1)[1].split('id="downloads"', 1)[0]
    return re.findall(r'class="badge o-([a-z_]+)"', findings)


def test_plan_screen_and_about_pages(client: TestClient) -> None:
    page = client.get("/plan")
    plan = ROOT / "examples" / "plans" / "plan.csv"
    profiles = ROOT / "examples" / "plans" / "profiles.yaml"
    r = client.post("/plan/upload", data={"csrf": _csrf(page.text)}, follow_redirects=False,
                    files={"plan": ("plan.csv", plan.read_bytes()), "profiles": ("p.yaml", profiles.read_bytes())})
    assert r.status_code == 303
    job_url = r.headers["location"]
    import time

    for _ in range(200):
        job = client.get(job_url)
        if "Download results" in job.text:
            break
        assert "refresh" in job.text
        time.sleep(0.1)
    assert 'class="plan"' in job.text
    x = client.get(job_url + "/results.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert client.get("/plan/template.xlsx").content[:2] == b"PK"
    s = client.get("/screen", params={"names": "al-Shabaab\nHamas\nNo Such Group Here"})
    assert s.status_code == 200 and s.text.count('<section class="screened">') == 3
    a = client.get("/about")
    assert a.status_code == 200 and "Coverage" in a.text and "Designation lists" in a.text


def test_an_internal_error_is_a_500_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(WebConfig(hosts=frozenset({"testserver"})))
    c = TestClient(app, raise_server_exceptions=False)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail from the input")

    monkeypatch.setattr(app.app.state.legalcheck, "check", boom)
    r = c.post("/api/check", content=EXAMPLES[0].read_bytes(), headers=YAML)
    assert r.status_code == 500 and "RuntimeError" in r.text
    assert "Traceback" not in r.text and "secret detail" not in r.text
    assert c.get("/api/health").status_code == 200


def test_serve_without_the_web_extra_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    r = CliRunner().invoke(main, ["serve"])
    assert r.exit_code == 1 and "pip install '.[web]'" in r.output and "Traceback" not in r.output


def test_rules_are_loaded_once_and_serve_logs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import legalcheck.ruleset as ruleset_module

    app = create_app(WebConfig(hosts=frozenset({"testserver"})))

    def no_reload(*args: object, **kwargs: object) -> None:
        raise AssertionError("rules loaded again for a request")

    monkeypatch.setattr(ruleset_module, "load_ruleset", no_reload)
    c = TestClient(app)
    assert c.post("/api/check", content=EXAMPLES[0].read_bytes(), headers=YAML).status_code == 200
    assert c.get("/api/screen", params={"name": "Hamas"}).status_code == 200
    assert c.get("/about").status_code == 200
    monkeypatch.undo()
    # legalcheck serve: loopback by default, no access log, no server banner
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    r = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123 and seen["access_log"] is False
    assert "token" not in r.output  # none needed on the loopback
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 0 and "?token=" in r.output  # any other host gets a token


def test_uploads_are_not_spooled_to_disk(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    plan = (ROOT / "examples" / "plans" / "plan.csv").read_text(encoding="utf-8")
    lines = plan.splitlines()
    big = "\n".join([*lines, *(lines[1:] * (2_000_000 // len(plan) + 1))][:9000]) + "\n"  # over 1 MB
    assert len(big) > 1024 * 1024
    made: list[str] = []
    real = tempfile.TemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:  # what a spooled upload calls when it rolls over to disk
        made.append("TemporaryFile")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", spy)
    profiles = (ROOT / "examples" / "plans" / "profiles.yaml").read_bytes()
    r = client.post("/api/plan?format=json", files={"plan": ("plan.csv", big.encode()),
                                                    "profiles": ("profiles.yaml", profiles)})
    assert r.status_code in (200, 422), r.text[:300]
    assert made == [], "an upload was written to a temporary file"


def test_a_running_plan_does_not_hold_up_other_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long plan runs in a worker thread without the engine lock: a check and a screen are answered meanwhile."""
    import threading

    import legalcheck.plan.run as plan_run

    app = create_app(WebConfig(hosts=frozenset({"testserver"})))
    state = app.app.state.legalcheck
    started, release = threading.Event(), threading.Event()
    real = plan_run.run_plan

    def slow_plan(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30), "the test never released the plan"
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_run, "run_plan", slow_plan)
    plan = ROOT / "examples" / "plans" / "plan.csv"
    profiles = ROOT / "examples" / "plans" / "profiles.yaml"
    job = state.jobs.start(state, ("plan.csv", plan.read_bytes()), ("profiles.yaml", profiles.read_bytes()))
    try:
        assert started.wait(10)
        assert not state.lock.locked(), "the plan holds the engine lock across its run"
        c = TestClient(app)
        assert c.post("/api/check", content=EXAMPLES[0].read_bytes(), headers=YAML).status_code == 200
        assert c.get("/api/screen", params={"name": "Hamas"}).status_code == 200
        assert not job.finished
    finally:
        release.set()
    for _ in range(300):
        if job.finished:
            break
        threading.Event().wait(0.1)
    assert job.finished and job.result is not None and not job.problems


def test_a_web_check_validates_the_engagement_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import legalcheck.engagement_io as eio

    calls: list[str] = []
    real = eio.validate_engagement

    def counting(data: Any, *args: Any) -> Any:  # the fast reader or, failing it, the pydantic model
        calls.append("Engagement")
        return real(data, *args)

    monkeypatch.setattr(eio, "validate_engagement", counting)
    assert client.post("/api/check", content=EXAMPLES[0].read_bytes(), headers=YAML).status_code == 200
    assert calls == ["Engagement"]


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_plan_results_name_the_uploaded_files_not_the_scratch_folder(client: TestClient, fmt: str) -> None:
    """Hostile input round 3: the JSON and Markdown results named /dev/shm/legalcheck-XXXX/plan.csv (a server path);
    they name the uploaded file (its base name only: a path in the upload's name is dropped)."""
    plan = (ROOT / "examples" / "plans" / "plan.csv").read_bytes()
    profiles = (ROOT / "examples" / "plans" / "profiles.yaml").read_bytes()
    r = client.post(f"/api/plan?format={fmt}", files={"plan": ("../../x/My Plan.csv", plan),
                                                       "profiles": ("/etc/my-profiles.yaml", profiles)})
    assert r.status_code == 200, r.text[:300]
    assert "/dev/shm" not in r.text and "legalcheck-" not in r.text and "../" not in r.text
    assert "My Plan.csv" in r.text
    if fmt == "json":
        assert r.json()["profiles"] == "my-profiles.yaml"


def test_a_client_that_leaves_mid_body_is_not_an_error() -> None:
    """Hostile input round 3 (slowloris-style): a POST whose body never completes, then a disconnect, ended in an
    unhandled ClientDisconnect and a traceback in the server's log for every such connection."""
    import asyncio

    app = create_app(WebConfig(hosts=frozenset({"testserver"})))
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": b"title: x\n", "more_body": True}, {"type": "http.disconnect"}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    scope = {"type": "http", "method": "POST", "path": "/api/check", "raw_path": b"/api/check", "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/yaml"),
                         (b"content-length", b"100000")], "http_version": "1.1", "scheme": "http",
             "server": ("testserver", 80), "client": ("127.0.0.1", 5000), "root_path": "", "app": app}
    asyncio.run(app(scope, receive, send))  # returns instead of raising ClientDisconnect


@pytest.mark.parametrize("path,location", [("//evil.example/x", "/evil.example/x"),
                                           ("/\\evil.example", "/evil.example"),
                                           ("/caf\u00e9", "/caf%C3%A9"), ("/\u65e5", "/%E6%97%A5")])
def test_the_token_redirect_stays_on_this_site(path: str, location: str) -> None:
    """Hostile input round 3: the first visit with ?token= redirected to the request's path as given, so
    "//evil.example/x" became a protocol-relative redirect to another site, and a path beyond Latin-1 an error."""
    import asyncio

    from legalcheck.web.security import _set_token_cookie

    sent: list[dict[str, Any]] = []

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    asyncio.run(_set_token_cookie(send, path, "s3cret"))
    assert dict(sent[0]["headers"])[b"location"] == location.encode()


def test_plans_cannot_pile_up_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans no longer wait for the engine lock, so uploads are bounded instead: at most MAX_RUNNING run at once
    and at most MAX_UNFINISHED run or wait; one more is refused with 422 (the form says so), never a new thread."""
    import threading

    import legalcheck.plan.run as plan_run
    from legalcheck.web import jobs as jobs_module

    app = create_app(WebConfig(hosts=frozenset({"testserver"})))
    state = app.app.state.legalcheck
    release = threading.Event()
    running: list[int] = []
    peak: list[int] = [0]
    real = plan_run.run_plan

    def slow_plan(*args: Any, **kwargs: Any) -> Any:
        running.append(1)
        peak[0] = max(peak[0], len(running))
        assert release.wait(30)
        running.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_run, "run_plan", slow_plan)
    plan = ("plan.csv", (ROOT / "examples" / "plans" / "plan.csv").read_bytes())
    profiles = ("profiles.yaml", (ROOT / "examples" / "plans" / "profiles.yaml").read_bytes())
    started = [state.jobs.start(state, plan, profiles) for _ in range(jobs_module.MAX_UNFINISHED)]
    try:
        r = TestClient(app).post("/api/plan", files={"plan": plan, "profiles": profiles})
        assert r.status_code == 422 and "already being screened" in r.text
    finally:
        release.set()
    for _ in range(600):
        if all(j.finished for j in started):
            break
        threading.Event().wait(0.1)
    assert all(j.finished and not j.problems for j in started)
    assert peak[0] <= jobs_module.MAX_RUNNING

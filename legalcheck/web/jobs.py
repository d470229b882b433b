"""Plans screened in the background, with real progress (rows answered of rows to answer), kept in memory only.

An uploaded plan is read from a private folder in memory-backed storage (``/dev/shm`` where the system has it;
the plan reader reads files) that is removed as soon as the plan has been read and screened. Results live in this
process until they expire (:data:`TTL_SECONDS`) or the app stops; nothing is written anywhere else.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem

TTL_SECONDS = 3600
MAX_JOBS = 20
MAX_RUNNING = 2  # plans screened at the same time (they no longer wait for the engine lock)
MAX_UNFINISHED = 6  # plans running or waiting: more is refused, so uploads cannot pile up threads without bound


@dataclass
class PlanJob:
    id: str
    filename: str
    created: float = field(default_factory=time.monotonic)
    total: int = 0
    done: int = 0
    finished: bool = False
    result: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _scratch_dir() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="legalcheck-", dir=shm if shm.is_dir() else None))


@contextmanager
def memory_tempdir() -> Iterator[Path | None]:
    """While the web app runs, every temporary file of the process goes to a private folder in memory-backed
    storage (``/dev/shm``), removed at the end. openpyxl's write-only workbook (a plan's XLSX results) and
    ``tempfile`` users in the libraries wrote the rows of an uploaded plan to ``/tmp`` on disk, although the app
    keeps nothing on disk. Without ``/dev/shm`` nothing changes (None)."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="legalcheck-serve-", dir=shm))  # mode 0700
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def _safe_name(name: str, default: str) -> str:
    suffix = Path(name or "").suffix.lower()
    return default + (suffix if suffix in (".csv", ".xlsx", ".yaml", ".yml", ".json") else "")


class PlanJobs:
    def __init__(self) -> None:
        self._jobs: dict[str, PlanJob] = {}
        self._lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)

    def get(self, job_id: str) -> PlanJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, state: Any, plan: tuple[str, bytes], profiles: tuple[str, bytes] | None,
              wait: bool = False) -> PlanJob:
        """Screen the uploaded plan (name, bytes) with its profiles file, in a thread unless ``wait``."""
        job = PlanJob(id=secrets.token_urlsafe(12), filename=Path(plan[0] or "plan").name)
        with self._lock:
            self._expire()
            if sum(not j.finished for j in self._jobs.values()) >= MAX_UNFINISHED:
                raise InputError.single("plan", f"{MAX_UNFINISHED} plans are already being screened: try again when "
                                        "one has finished")
            self._jobs[job.id] = job
        if wait:
            _run(state, job, plan, profiles)
        else:
            threading.Thread(target=_run, args=(state, job, plan, profiles), daemon=True).start()
        return job

    def _expire(self) -> None:
        now = time.monotonic()
        for k in [k for k, j in self._jobs.items() if now - j.created > TTL_SECONDS]:
            del self._jobs[k]
        while len(self._jobs) >= MAX_JOBS:  # the oldest finished job goes first; one still running is kept
            del self._jobs[next((k for k, j in self._jobs.items() if j.finished), next(iter(self._jobs)))]


def _run(state: Any, job: PlanJob, plan: tuple[str, bytes], profiles: tuple[str, bytes] | None) -> None:
    from ..plan.run import run_plan

    folder = _scratch_dir()
    try:
        plan_path = folder / _safe_name(plan[0], "plan")
        plan_path.write_bytes(plan[1])
        prof_path = None
        if profiles is not None:
            prof_path = folder / _safe_name(profiles[0], "profiles")
            prof_path.write_bytes(profiles[1])

        def progress(total: int) -> Any:
            job.total = total

            def step(n: int) -> None:
                job.done += n

            return step

        # Not under state.lock: the engine only reads the rule set (its caches are filled compute-then-store), so
        # a long plan never holds up a check, a screen or another page.
        with state.jobs.slots:
            result = run_plan(plan_path, state.rules, profiles_path=prof_path, jobs=1, progress=progress)
        # the results name the files the user uploaded, never the server's scratch folder
        result.file = job.filename
        result.profiles_file = _shown_profiles(result.profiles_file, folder, job.filename, profiles)
        job.result = result
    except InputError as exc:
        job.problems = [_renamed(p, folder, plan[0], profiles[0] if profiles else "") for p in exc.problems]
    except (RecursionError, MemoryError, ValueError, OSError) as exc:
        job.problems = [Problem(file=plan[0], message=f"cannot be read ({type(exc).__name__})")]
    except Exception as exc:  # never a thread that dies silently, leaving the page waiting
        job.problems = [Problem(file=plan[0], message=f"internal error ({type(exc).__name__}); please report it")]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        job.finished = True


def _shown_profiles(source: str, folder: Path, plan_name: str, profiles: tuple[str, bytes] | None) -> str:
    """Where the profiles came from, as the user knows it: their uploaded file or their workbook's sheet."""
    if profiles is not None:
        return Path(profiles[0] or "profiles").name
    return source.replace(str(folder / _safe_name(plan_name, "plan")), plan_name)


def _renamed(p: Problem, folder: Path, plan_name: str, profiles_name: str) -> Problem:
    """The problem with the scratch folder's paths replaced by the names the user uploaded."""
    file = p.file
    for stem, shown in (("plan", plan_name), ("profiles", profiles_name)):
        if file.startswith(str(folder / stem)):
            file = shown or file
    message = p.message.replace(str(folder) + "/", "")
    if message.startswith("no organisation profile file:"):
        message = ("no organisation profile file: upload the organisation profiles file with the plan, or fill in "
                   "the 'Profiles' sheet of the plan workbook (download the template)")
    return Problem(file=file, message=message, line=p.line, field=p.field, expected=p.expected, found=p.found,
                   severity=p.severity)

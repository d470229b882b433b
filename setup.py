"""Build hook: carry the maintainers' data folders into the installed package.

The rule data is edited in place at the top of the checkout (jurisdictions/, designations/, templates/,
schemas/). A regular ``pip install .`` copies them into ``legalcheck/_data`` so that an installed
``legalcheck`` works outside the checkout, and compiles them into ``legalcheck/_data/snapshot.bin`` (the rule set
validated once, see ``legalcheck/snapshot.py``): an installed ``legalcheck`` then never parses the YAML. If the
snapshot cannot be built, the build goes on without it (legalcheck then builds one in the user cache).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("jurisdictions", "designations", "templates", "schemas")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "legalcheck" / "_data"
        for name in DATA_DIRS:
            src = root / name
            if not src.is_dir():
                continue
            dst = target / name
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("imported", "*.pyc", "__pycache__"))
        self.compile_snapshot(target)

    def compile_snapshot(self, target: Path) -> None:
        lib, target = Path(self.build_lib).resolve(), target.resolve()
        out = target / "snapshot.bin"
        out.unlink(missing_ok=True)
        # keep the PYTHONPATH pip sets for an isolated build: it is how the build requirements (pydantic, PyYAML,
        # ...) are found; replacing it made the snapshot fail to build in a fresh virtual environment
        path = os.pathsep.join(filter(None, [str(lib), os.environ.get("PYTHONPATH")]))
        env = dict(os.environ, PYTHONPATH=path, LEGALCHECK_DATA_DIR=str(target), LEGALCHECK_NO_CACHE="1",
                   PYTHONDONTWRITEBYTECODE="1")
        env.pop("LEGALCHECK_DATA", None)
        r = subprocess.run([sys.executable, "-m", "legalcheck.snapshot", str(out)], env=env, capture_output=True,
                           text=True, cwd=str(lib))
        if r.returncode != 0:
            out.unlink(missing_ok=True)
            print(f"warning: no compiled rule snapshot in the package: {r.stderr.strip()[-2000:]}", file=sys.stderr)


setup(cmdclass={"build_py": BuildWithData})

"""Build hook: carry the maintainers' data folders into the installed package.

The rule data is edited in place at the top of the checkout (jurisdictions/, designations/, templates/,
schemas/). A regular ``pip install .`` copies them into ``legalcheck/_data`` so that an installed
``legalcheck`` works outside the checkout.
"""

import shutil
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


setup(cmdclass={"build_py": BuildWithData})

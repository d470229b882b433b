"""The user cache (rule snapshot, parsed vocabulary, compiled templates, the `screen --index` index): placed where
XDG says, and a cache another user could have poisoned (a folder made by root and shared, world-writable, a link,
a file that is a link or a FIFO) is never loaded: legalcheck builds what it needs in memory instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from legalcheck import usercache
from legalcheck.usercache import cache_dir, private_folder, read_private, write_private

ROOT = Path(__file__).resolve().parents[1]
posix = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX")
as_root = pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")


def _env(**extra: str) -> dict[str, str]:
    drop = ("LEGALCHECK_CACHE_DIR", "LEGALCHECK_CACHE", "LEGALCHECK_NO_CACHE", "XDG_CACHE_HOME")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def test_the_cache_honours_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("LEGALCHECK_CACHE_DIR", "LEGALCHECK_NO_CACHE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "legalcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec: a relative path is ignored
    assert cache_dir() == tmp_path / "home" / ".cache" / "legalcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache_dir() == tmp_path / "home" / ".cache" / "legalcheck"
    (tmp_path / "home").rmdir()  # a home folder that does not exist: no cache (never created)
    assert cache_dir() is None
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


@posix
def test_a_check_writes_its_snapshot_under_xdg_cache_home_only(tmp_path: Path) -> None:
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    engagement = ROOT / "examples" / "engagements" / "kenyan-ngo-gedo.yaml"
    r = subprocess.run([sys.executable, "-m", "legalcheck", "check", str(engagement), "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
                       env=_env(HOME=str(home), XDG_CACHE_HOME=str(xdg)))
    assert r.returncode == 0, r.stderr
    folder = xdg / "legalcheck"
    assert list(folder.glob("ruleset-*.pickle")) and not (home / ".cache").exists()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in folder.glob("*.pickle"))


@posix
def test_only_the_users_own_private_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    path = folder / "x.pickle"
    assert write_private(path, b"data") and read_private(path) == b"data"
    assert folder.stat().st_mode & 0o777 == 0o700 and path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o622)  # writable by others
    assert read_private(path) is None
    path.chmod(0o600)
    folder.chmod(0o777)  # a folder anyone can write to (they could have put the file there)
    assert read_private(path) is None and not write_private(folder / "y.pickle", b"mine")
    assert not (folder / "y.pickle").exists()
    folder.chmod(0o700)
    link = tmp_path / "linked-cache"
    link.symlink_to(folder, target_is_directory=True)  # the cache folder a link (to anywhere)
    assert read_private(link / "x.pickle") is None and not private_folder(link)
    (folder / "link.pickle").symlink_to(path)  # the file a link
    assert read_private(folder / "link.pickle") is None
    os.mkfifo(folder / "fifo.pickle")  # never blocks on a FIFO put in its place
    assert read_private(folder / "fifo.pickle") is None


@as_root
def test_a_cache_folder_made_by_another_user_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared-root case seen the other way round: a folder or file owned by another user (here nobody, 65534)
    is refused, and nothing is written into it."""
    folder = tmp_path / "cache"
    path = folder / "x.pickle"
    write_private(path, b"data")
    os.chown(path, 65534, -1)
    assert read_private(path) is None
    os.chown(path, 0, -1)
    os.chown(folder, 65534, -1)
    assert read_private(path) is None and not private_folder(folder)
    assert not write_private(folder / "y.pickle", b"mine")
    monkeypatch.setattr(usercache, "own", lambda: (65534,))  # and what root made is not read by another user
    os.chown(folder, 0, -1)
    assert read_private(path) is None


def _lists(imported: Path) -> None:
    from legalcheck.importers.common import write_list
    from legalcheck.ruleset import load_ruleset

    rules = load_ruleset()
    for lid in ("us-fto", "uk-proscribed"):
        write_list(rules.lists[lid], imported)


@posix
@pytest.mark.parametrize("poison", ["world-writable folder", "linked folder"])
def test_a_poisoned_screening_index_is_never_loaded(tmp_path: Path, poison: str) -> None:
    """The index decides what `screen --index` finds: a forged one (here: built from no entries, so every name would
    come out "no match") in a folder another user could write to is ignored, and the index is built in memory."""
    from legalcheck.screening import compact
    from legalcheck.screening.index import NameIndex
    from legalcheck.screening.store import open_index

    imported, cache = tmp_path / "imported", tmp_path / "cache"
    _lists(imported)
    real, info = open_index(imported, cache)
    assert info.path is not None and info.built and len(real.entries) > 0
    compact.save_index(NameIndex.build([]), info.path)  # forged in place
    assert len(open_index(imported, cache)[0].entries) == 0  # the user's own private folder: trusted as written
    target = cache
    if poison == "world-writable folder":
        cache.chmod(0o777)
    else:
        target = tmp_path / "link"
        target.symlink_to(cache, target_is_directory=True)
    before = sorted(p.name for p in cache.iterdir())
    index, info = open_index(imported, target)
    assert info.path is None and info.built and len(index.entries) == len(real.entries)
    assert sorted(p.name for p in cache.iterdir()) == before  # nothing written or removed there

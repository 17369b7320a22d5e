"""The wheel carries what the installed app reads: vocabularies, sample texts, the icon, the desktop
entry, the user guide with its screenshots, the migrations. Built from a copy of the source tree (its
build folder stays out of the checkout), unpacked, and imported from there by a fresh interpreter, away
from the source tree."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app", "ui", "rights_annotator.py", "pyproject.toml", "README.md", "LICENSE", "COPYING")
BUILD_SECONDS = 120  # about 5 s with setuptools cached; the first build fetches it

CHECK = """
import sys
from pathlib import Path
import app
from app.cli import desktop
from app.store import migrate
from app.vocabulary import builtin
from app import samples

site = Path(sys.argv[1]).resolve()
assert Path(app.__file__).resolve().is_relative_to(site), app.__file__  # the installed copy, not the checkout
entries = builtin.builtin_entries()
assert any(entry.slug == "istanbul-convention" for entry in entries) and builtin.SAMPLE_EVENTS_FILE.is_file()
assert sorted(path.name for path in samples.SAMPLES_DIR.iterdir()) == [
    "cpt_government_response.txt", "cpt_visit_report.txt", "news_ecpt_withdrawal.txt"]
assert desktop.DESKTOP_SOURCE.is_file() and desktop.ICON_SOURCE.read_text().startswith("<?xml")
assert migrate.head_revision()
guide = Path(app.__file__).resolve().parent / "resources" / "guide"  # where ui.user_guide reads it (without Qt here)
assert (guide / "index.html").is_file() and len(list(guide.glob("*.png"))) >= 8
print(len(entries))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel built from a copy of the source tree, once for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("build")
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    try:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "wheel"), str(source)],
            capture_output=True, text=True, timeout=BUILD_SECONDS, cwd=tmp_path,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"building the wheel took over {BUILD_SECONDS} s (fetching setuptools?)")
    if built.returncode != 0 and not os.environ.get("CI") and "setuptools" in built.stderr and "No matching" in built.stderr:
        pytest.skip("setuptools could not be fetched for the build (offline)")
    assert built.returncode == 0, built.stderr
    (built_wheel,) = (tmp_path / "wheel").glob("rights_annotator-*.whl")
    return built_wheel


def test_the_wheel_carries_the_resources_and_the_installed_app_finds_them(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert {
        "app/resources/vocabulary/treaties.json", "app/resources/vocabulary/sample_events.json",
        "app/resources/samples/cpt_visit_report.txt", "app/resources/samples/cpt_government_response.txt",
        "app/resources/icons/rights-annotator.svg",
        "app/resources/desktop/rights-annotator.desktop", "app/store/migrations/script.py.mako",
        "rights_annotator.py", "app/resources/guide/index.html",
        *(f"app/resources/guide/{path.name}" for path in (ROOT / "app" / "resources" / "guide").glob("*.png")),
    } <= names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "rights-annotator = rights_annotator:main" in archive.read(entry_points).decode()

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    found = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path / "site")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert found.returncode == 0, found.stderr
    assert int(found.stdout) > 400


def test_the_installed_menu_entry_runs_the_installed_command_with_the_link(wheel, tmp_path):
    """Installed as pip installs it (a console script of its own), --install-desktop writes an entry
    whose Exec line, expanded as a launcher expands it, runs that script with `open` and the link."""
    site = tmp_path / "site"
    # --target, never --prefix: with --prefix pip uninstalls the copy installed where the tests run.
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "--quiet",
         "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=BUILD_SECONDS, cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    assert shutil.which("rights-annotator", path=str(Path(sys.executable).parent))  # the checkout's own is still there
    script = site / "bin" / "rights-annotator"
    env = {**os.environ, "PYTHONPATH": str(site), "PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "RIGHTS_ANNOTATOR_HOME": str(tmp_path / "library")}
    done = subprocess.run([str(script), "--install-desktop"], capture_output=True, text=True, timeout=60, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    entry = (tmp_path / "data" / "applications" / "rights-annotator.desktop").read_text(encoding="utf-8")
    [exec_line] = [line[len("Exec="):] for line in entry.splitlines() if line.startswith("Exec=")]
    assert exec_line == f"{script} open %u"
    # A link to nothing this app knows: the installed command answers, and no window starts.
    address = "rights-annotator://annotation/42"
    command = [address if word == "%u" else word for word in shlex.split(exec_line)]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert ran.returncode == 2 and "\u201c42\u201d is not an annotation's identity" in ran.stderr, ran.stderr
    assert subprocess.run([str(script), "--uninstall-desktop"], capture_output=True, timeout=60, env=env).returncode == 0
    assert not (tmp_path / "data" / "applications" / "rights-annotator.desktop").exists()
    assert not list((tmp_path / "data" / "icons").rglob("*.svg"))

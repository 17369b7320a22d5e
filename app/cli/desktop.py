"""``rights-annotator --install-desktop`` and ``--uninstall-desktop``: the menu entry, the icon and
the handler for ``rights-annotator://`` links, for the user who runs it (freedesktop.org: GNOME,
KDE, Xfce...).

The files go where the XDG Base Directory specification puts a user's own: the entry in
``$XDG_DATA_HOME/applications``, the icon in ``$XDG_DATA_HOME/icons/hicolor/scalable/apps``
(``~/.local/share`` without the variable), the link handler in ``$XDG_CONFIG_HOME/mimeapps.list``
(by ``xdg-mime``). The desktop's caches are brought up to date by its own tools where they are
installed; without them the files are in place and the desktop reads them when it next looks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

COMMAND = "rights-annotator"
DESKTOP_NAME = "rights-annotator.desktop"
ICON_NAME = "rights-annotator.svg"
SCHEME_TYPE = "x-scheme-handler/rights-annotator"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DESKTOP_SOURCE = RESOURCES / "desktop" / DESKTOP_NAME
ICON_SOURCE = RESOURCES / "icons" / ICON_NAME

Say = Callable[[str], None]


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def installed_paths() -> tuple[Path, Path]:
    """Where the entry and the icon go."""
    data = data_home()
    return data / "applications" / DESKTOP_NAME, data / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME


def command_path() -> str:
    """How the entry starts the app: by its full path, found on PATH (pipx's ~/.local/bin) or beside the
    interpreter running now. A desktop session's PATH is set at login and often lacks ~/.local/bin
    (pipx adds it to the shell's start-up files, which the session does not read), so a bare name
    would hide the entry (TryExec) and leave links unanswered."""
    found = shutil.which(COMMAND)
    if found:
        return os.path.abspath(found)  # the link pipx made, not its target: it survives `pipx reinstall`
    beside = Path(sys.executable).parent / COMMAND  # the script of the environment running now
    return str(beside) if beside.is_file() else COMMAND


def desktop_entry(command: str) -> str:
    """The shipped entry, starting ``command``."""
    lines = []
    for line in DESKTOP_SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_quoted(command)} open %u"
        elif line.startswith("TryExec="):
            line = f"TryExec={command}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(say: Say = print) -> int:
    entry, icon = installed_paths()
    command = command_path()
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    _write(entry, desktop_entry(command))
    _write(icon, ICON_SOURCE.read_text(encoding="utf-8"))
    say(f"Menu entry: {entry}")
    say(f"Icon: {icon}")
    _refresh(entry.parent, icon.parents[2], say)
    if _run("xdg-mime", "default", DESKTOP_NAME, SCHEME_TYPE):
        say(f"rights-annotator:// links open with {DESKTOP_NAME}")
    else:
        _set_default_handler(config_home() / "mimeapps.list", say)
    if command == COMMAND and not shutil.which(COMMAND):
        say(f"note: {COMMAND} is not on PATH; the menu entry and links will not start it until it is")
    return 0


def uninstall(say: Say = print) -> int:
    entry, icon = installed_paths()
    for path in (entry, icon):
        if path.exists():
            path.unlink()
            say(f"Removed {path}")
    _remove_default_handler(config_home() / "mimeapps.list", say)
    _refresh(entry.parent, icon.parents[2], say)
    return 0


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.chmod(0o644)
    os.replace(partial, path)


def _quoted(command: str) -> str:
    """An Exec argument as the Desktop Entry specification quotes one with spaces or specials."""
    if not any(char in command for char in ' \t"\'\\><~|&;$*?#()`'):
        return command
    escaped = "".join(f"\\{char}" if char in '"`$\\' else char for char in command)
    return f'"{escaped}"'


def _refresh(applications: Path, icon_theme: Path, say: Say) -> None:
    if applications.is_dir():
        _run("update-desktop-database", str(applications))
    if (icon_theme / "index.theme").exists():  # the cache tool wants a theme index; the user's hicolor rarely has one
        _run("gtk-update-icon-cache", "--quiet", "--force", str(icon_theme))


def _run(tool: str, *args: str) -> bool:
    """Run a desktop tool where it is installed; whether it ran and succeeded."""
    if shutil.which(tool) is None:
        return False
    try:
        return subprocess.run([tool, *args], check=False, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# Without xdg-mime the default handler is written where it would write it: mimeapps.list, under
# [Default Applications] (the XDG MIME Applications specification).
_SECTION = "[Default Applications]"
_LINE = f"{SCHEME_TYPE}={DESKTOP_NAME}"


def _set_default_handler(mimeapps: Path, say: Say) -> None:
    lines = mimeapps.read_text(encoding="utf-8").splitlines() if mimeapps.exists() else []
    lines = [line for line in lines if not line.startswith(f"{SCHEME_TYPE}=")]
    if _SECTION in lines:
        lines.insert(lines.index(_SECTION) + 1, _LINE)
    else:
        lines += ([""] if lines else []) + [_SECTION, _LINE]
    mimeapps.parent.mkdir(parents=True, exist_ok=True)
    _write(mimeapps, "\n".join(lines) + "\n")
    say(f"rights-annotator:// links open with {DESKTOP_NAME} ({mimeapps})")


def _remove_default_handler(mimeapps: Path, say: Say) -> None:
    if not mimeapps.exists():
        return
    lines = mimeapps.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.replace(" ", "").rstrip(";") != _LINE]
    if kept == lines:
        return
    # The section our line was alone in goes with it; so does a file left with nothing in it.
    at = kept.index(_SECTION) if _SECTION in kept else -1
    if at >= 0 and all(not line.strip() for line in _until_next_section(kept[at + 1:])):
        following = len(_until_next_section(kept[at + 1:]))
        del kept[at:at + 1 + following]
    if any(line.strip() for line in kept):
        _write(mimeapps, "\n".join(kept).strip("\n") + "\n")
    else:
        mimeapps.unlink()
    say(f"rights-annotator:// links no longer open with {DESKTOP_NAME} ({mimeapps})")


def _until_next_section(lines: list[str]) -> list[str]:
    return next((lines[:number] for number, line in enumerate(lines) if line.startswith("[")), lines)

# One command sets up and starts the app, one sets up and runs every test.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check test-core test-ui bench bench-big bench-team clean

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/rights-annotator

# The boundaries first (they take seconds); the core's tests run with PySide6 blocked, which shows
# app/ needs no Qt; then the window's.
test: check test-core test-ui

# The import contract (the core imports no Qt and no window, the window no database, the core's
# layers in order), the linter and the type checker, each configured in pyproject.toml.
check: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test-core: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest -p tests.block_qt -p no:pytest-qt tests/app

test-ui: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest tests/ui

bench: $(STAMP)
	$(PYTHON) -m bench

# A library of 10,000 documents and a million passages beside one of 100 and 10,000 (built once, kept in bench/.cache).
bench-big: $(STAMP)
	$(PYTHON) -m bench big_library

# Twenty members annotating one team library at once for a minute (PostgreSQL on loopback).
bench-team: $(STAMP)
	$(PYTHON) -m bench pg_team_20

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache bench/results.json bench/.cache

# The long fault run: 20 SIGKILLs in a stream of 1,000 edits, imports, restores, archives and
# vocabulary imports; prints what survived.
.PHONY: faults
faults: $(STAMP)
	$(PYTHON) -m tests.app.fault_run --kills 20 --operations 1000

# Links back to the passage: the menu entry, the icon and rights-annotator:// links, for the user
# who runs it (freedesktop.org: GNOME, KDE, Xfce...), in the XDG folders (~/.local/share/applications,
# ~/.local/share/icons/hicolor). The app's own option does it, as for an app installed with pipx:
# `rights-annotator --install-desktop`; `make uninstall-desktop` (`--uninstall-desktop`) takes it back.
.PHONY: install-desktop uninstall-desktop
install-desktop: $(STAMP)
	$(VENV)/bin/rights-annotator --install-desktop

uninstall-desktop: $(STAMP)
	$(VENV)/bin/rights-annotator --uninstall-desktop

"""``backup``, ``check`` and ``restore``: they work on the database file, so a damaged library can be mended."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.output import print_json, say
from app.errors import LibraryError
from app.infra import backups, paths, restoring

COMMANDS = ("backup", "check", "restore")


def add_parsers(command) -> None:  # noqa: ANN001 - the parser factory of app.cli
    sub = command("backup", "copy the library database now (verified; 7 daily and 4 weekly copies kept)")
    sub.add_argument("--to", metavar="DIR", help="backup folder (default: the library's backups folder)")
    sub.add_argument("--if-changed", action="store_true",
                     help="only if the library changed since the newest backup (as the window does at quit)")
    sub = command("check", "check the library database (quick; --full for every page)")
    sub.add_argument("--full", action="store_true")
    sub = command("restore", "put a backup in place of the library database (the replaced file is kept aside)")
    sub.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file; leave out to list them")
    sub.add_argument("--from", dest="folder", metavar="DIR", help="backup folder (default: the library's)")
    sub.add_argument("--yes", action="store_true", help="replace without asking")


def run(args: argparse.Namespace) -> int:
    root = paths.library_dir(args.data_dir)
    db_path = root / paths.DATABASE_NAME
    if args.command == "check":
        from app.infra.file_check import check_files  # noqa: PLC0415 - kept within this command's branch

        verdict = backups.check(db_path, full=args.full)
        # The files are hashed only on request: it reads every byte of every PDF.
        files = check_files(root) if args.full and db_path.exists() and db_path.stat().st_size else None
        if args.json:
            print_json({"library": str(db_path), "result": verdict,
                        **({"files": files.as_json()} if files is not None else {})})
        else:
            say(f"{db_path}: {verdict}")
            if files is not None:
                say(files.summary())
        return 0 if verdict == "ok" and (files is None or files.ok) else 1
    chosen = args.to if args.command == "backup" else args.folder
    folder = backups.backup_folder(root, Path(chosen) if chosen else None)
    if args.command == "backup":
        made = backups.backup_at_quit(db_path, folder, budget=None) if args.if_changed else backups.make_backup(db_path, folder)
        if made is None:
            print_json({"backup": None}) if args.json else say("Nothing changed since the newest backup.")
            return 0
        print_json({"backup": str(made.path), "size": made.size}) if args.json else say(f"Backed up to {made.path}")
        return 0
    if not args.backup:
        found = backups.list_backups(folder)
        if args.json:
            print_json([{"backup": str(b.path), "made_at": b.made_at.isoformat(), "size": b.size} for b in found])
        else:
            for backup in found:
                say(f"{backup.made_at:%Y-%m-%d %H:%M}  {backup.size:>10,} bytes  {backup.path}")
            say(f"{len(found)} backup{'s' if len(found) != 1 else ''} in {folder}")
        return 0
    chosen = Path(args.backup)
    if not chosen.exists():  # else it would be called damaged
        raise LibraryError(f"The backup file {chosen} does not exist; `restore` without a file lists the backups.")
    if not args.yes:
        say(f"This replaces {db_path} with {chosen}: every change since that backup is set aside. "
            "Run again with --yes to go ahead.", file=sys.stderr)
        return 1
    aside = restoring.restore(db_path, chosen)
    say(f"Restored {chosen}; the replaced database is kept as {aside}")
    return 0


def guarded(args: argparse.Namespace) -> int:
    try:
        return run(args)
    except LibraryError as error:
        say(f"rights-annotator: {error}", file=sys.stderr)
        return 3

"""``rights-annotator members`` and ``member-add``/``member-remove``: a team library's members and roles."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from app.cli.output import print_json, say
from app.errors import LibraryError
from app.export.activity_csv import write_activity_csv
from app.infra import paths
from app.library import Library
from app.services import activity, publishing, team
from app.services.documents import find_document
from app.vocabulary.builtin import ensure_builtin

COMMANDS = ("team-setup", "members", "member-add", "member-remove", "activity", "publish")


def add_parsers(command) -> None:  # noqa: ANN001 - the parser factory of app.cli
    command("team-setup", "prepare a team library in an empty database (--database): schema, search index, roles "
                          "and their rules, the built-in treaties; then add members with member-add")
    command("members", "list a team library's members and their roles")
    roles = "; ".join(f"{role}: {meaning}" for role, meaning in team.ROLE_NAMES.items())
    sub = command("member-add", f"give a login a role in the team library (admins only). Roles: {roles}")
    sub.add_argument("login", metavar="LOGIN")
    sub.add_argument("--role", choices=team.ROLES, required=True)
    sub.add_argument("--new-login", action="store_true",
                     help="make the login on the server first; its password is read from standard input")
    sub = command("member-remove", "take a login's roles in the team library away (admins only; the login stays)")
    sub.add_argument("login", metavar="LOGIN")
    sub = command("activity", "the team library's activity log: who changed what and when, newest first")
    sub.add_argument("--member", metavar="LOGIN", help="only this member's changes")
    sub.add_argument("--doc", metavar="DOC", help="only changes in this document")
    sub.add_argument("--since", metavar="DATE", type=_day, help="from this day on (YYYY-MM-DD)")
    sub.add_argument("--until", metavar="DATE", type=_day, help="before this day (YYYY-MM-DD)")
    sub.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    sub.add_argument("--csv", metavar="FILE", help="write them to this CSV file instead")
    sub = command("publish", "add your own library to the team library (--database): what the team has already "
                             "(the same documents, tags, passages, links) is left as it is, the rest added; "
                             "publishing again adds only what is new")
    sub.add_argument("--from", dest="source", metavar="DIR",
                     help=f"your own library's folder (default: ${paths.HOME_ENV}, else {paths.library_dir(None)})")


def _day(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).astimezone()
    except ValueError:
        raise argparse.ArgumentTypeError(f"\u201c{text}\u201d is not a day; write it as 2026-12-03") from None


def _activity(library: Library, args: argparse.Namespace) -> int:
    document_id = find_document(library, args.doc).id if args.doc else None
    entries = activity.list_activity(library, member=args.member, document_id=document_id, since=args.since,
                                     until=args.until, limit=args.limit)
    if args.csv:
        say(f"{write_activity_csv(entries, Path(args.csv))} changes written to {args.csv}")
    elif args.json:
        print_json([{"at": e.at.isoformat(), "member": e.member, "what": e.what, "action": e.action,
                     "document_id": e.document_id, "key": e.key, "before": e.before, "after": e.after}
                    for e in entries])
    else:
        for entry in entries:
            say(f"{entry.at.astimezone():%Y-%m-%d %H:%M:%S}  {entry.member:<16} {entry.action:<6} {entry.what}"
                f"{'  ' + entry.changes if entry.changes else ''}")
        say(f"{len(entries)} change{'s' if len(entries) != 1 else ''}")
    return 0


def _publish(library: Library, args: argparse.Namespace) -> int:
    if not library.is_team:
        raise LibraryError("Publish goes into a team library: give its address with --database.")
    folder = paths.library_dir(args.source)
    if not (folder / paths.DATABASE_NAME).exists():
        raise LibraryError(f"{folder} holds no library; give your own library's folder with --from.")
    with Library.open(folder, check=True) as mine:
        outcome = publishing.publish(library, mine)
    if args.json:
        print_json({"added": outcome.added, "already": outcome.known})
    else:
        say(f"Published {mine.root} into {team.description(library)}: {outcome.summary()}")
    return 0


def run(library: Library, args: argparse.Namespace) -> int:
    if args.command == "activity":
        return _activity(library, args)
    if args.command == "publish":
        return _publish(library, args)
    if args.command == "team-setup":
        team.set_up(library)
        made = ensure_builtin(library)
        say(f"{team.description(library)} is ready ({made} built-in treaties, articles and standards added); you "
            f"({library.member}) are its admin. Add members: rights-annotator member-add LOGIN --role annotator "
            "--new-login")
        return 0
    if args.command == "members":
        listed = team.members(library)
        mine = team.my_role(library)
        if args.json:
            print_json({"you": {"login": library.member, "role": mine},
                        "members": [{"login": m.login, "role": m.role} for m in listed]})
            return 0
        for member in listed:
            say(f"{member.login:<32} {member.role}")
        say(f"{len(listed)} member{'s' if len(listed) != 1 else ''}; you ({library.member}) are {mine or 'no member'}")
        return 0
    if args.command == "member-add":
        password = None
        if args.new_login:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise LibraryError("Give the new login's password on standard input (one line).")
        added = team.add_member(library, args.login, args.role, password)
        say(f"{added.login} is now {added.role} of the library")
        return 0
    team.remove_member(library, args.login)
    say(f"{args.login} is no longer a member of the library (the login stays on the server)")
    return 0

"""``rights-annotator members`` and ``member-add``/``member-remove``: a team library's members and roles."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import print_json, say
from app.errors import LibraryError
from app.library import Library
from app.services import team

COMMANDS = ("members", "member-add", "member-remove")


def add_parsers(command) -> None:  # noqa: ANN001 - the parser factory of app.cli
    command("members", "list a team library's members and their roles")
    roles = "; ".join(f"{role}: {meaning}" for role, meaning in team.ROLE_NAMES.items())
    sub = command("member-add", f"give a login a role in the team library (admins only). Roles: {roles}")
    sub.add_argument("login", metavar="LOGIN")
    sub.add_argument("--role", choices=team.ROLES, required=True)
    sub.add_argument("--new-login", action="store_true",
                     help="make the login on the server first; its password is read from standard input")
    sub = command("member-remove", "take a login's roles in the team library away (admins only; the login stays)")
    sub.add_argument("login", metavar="LOGIN")


def run(library: Library, args: argparse.Namespace) -> int:
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

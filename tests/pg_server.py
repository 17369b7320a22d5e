"""A real PostgreSQL server for the tests, started by the test run itself and stopped after it.

The server's own programs (``initdb``, ``pg_ctl``) come from the distribution's package (Debian's
``postgresql``, which ``.ci/run`` installs when it is missing). PostgreSQL refuses to run as root,
so under root the cluster belongs to the ``postgres`` user the package creates. The cluster lives
in a temporary folder, listens on a free loopback port and on a socket in that folder, and lets in
connections from this machine only, with a password over TCP (so a wrong one is refused, as a real
server refuses it) and without one on its socket.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be had on this machine; the message says why."""


@dataclass
class Server:
    folder: Path
    port: int
    run_as: str | None  # the user the server runs as, when the tests run as root
    password: str  # the superuser's
    certificate: Path | None = None  # its self-signed TLS certificate, when it takes TLS connections

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        if user == SUPERUSER and password is None:
            password = self.password
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its address as the superuser."""
        command = [_binary("createdb"), "-h", str(self.folder), "-p", str(self.port), "-U", SUPERUSER, name]
        made = _run(self, command)
        if made.returncode:
            raise ServerUnavailable(f"createdb {name} failed: {made.stderr.strip()[-300:]}")
        return self.url(name)

    def stop(self) -> None:
        self.pause()
        shutil.rmtree(self.folder, ignore_errors=True)

    def pause(self) -> None:
        """Take the server down as a crash or a lost network would, keeping its data."""
        _run(self, [_binary("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"])

    def resume(self) -> None:
        _launch(self)


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise ServerUnavailable(
            f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql; .ci/run installs it under CI)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(server: Server, command: list[str]) -> subprocess.CompletedProcess[str]:
    if server.run_as:
        command = ["runuser", "-u", server.run_as, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def self_signed(folder: Path, name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A certificate signed by its own key, for ``name`` (an address, and localhost), made with
    the ``openssl`` command; (certificate, key)."""
    openssl = shutil.which("openssl")
    if not openssl:
        raise ServerUnavailable("the openssl command is not installed (Debian: apt-get install openssl)")
    certificate, key = folder / "server.crt", folder / "server.key"
    made = subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-subj", f"/CN={name}", "-addext", f"subjectAltName=IP:{name},DNS:localhost",
                           "-keyout", str(key), "-out", str(certificate)],
                          capture_output=True, text=True, timeout=60, check=False)
    if made.returncode:
        raise ServerUnavailable(f"openssl could not make a certificate: {made.stderr.strip()[-300:]}")
    key.chmod(0o600)  # the server refuses a key others may read
    return certificate, key


def start(*, tls: bool = False) -> Server:
    """A new cluster, started; :meth:`Server.stop` takes it down and removes it. With ``tls`` it
    also takes TLS connections, with a self-signed certificate (``Server.certificate``)."""
    run_as = None
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(SUPERUSER)
        except KeyError as error:
            raise ServerUnavailable("running as root, and there is no 'postgres' user to run the server as") from error
        run_as = SUPERUSER
    folder = Path(tempfile.mkdtemp(prefix="rights-annotator-pg-"))
    os.chmod(folder, 0o755)
    server = Server(folder, _free_port(), run_as, secrets.token_hex(16))
    if run_as:
        shutil.chown(folder, run_as)
    # UTF-8 with a Unicode-aware character classification, which the search index's folding uses.
    password_file = folder / "password"
    password_file.write_text(server.password)
    if run_as:
        shutil.chown(password_file, run_as)
    made = _run(server, [_binary("initdb"), "-D", str(folder / "data"), "-U", SUPERUSER, f"--pwfile={password_file}",
                         "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                         "--no-sync"])
    password_file.unlink()
    if made.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"initdb failed: {made.stderr.strip()[-500:]}")
    try:
        if tls:
            server.certificate, key = self_signed(folder)
            if run_as:
                for made_file in (server.certificate, key):
                    shutil.chown(made_file, run_as)
        _launch(server)
    except ServerUnavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server


def _launch(server: Server) -> None:
    folder = server.folder
    options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={folder} "
               "-c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB")
    if server.certificate is not None:
        options += (f" -c ssl=on -c ssl_cert_file={server.certificate}"
                    f" -c ssl_key_file={server.certificate.with_suffix('.key')}")
    started = _run(server, [_binary("pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-o", options,
                            "-w", "-t", "60", "start"])
    if started.returncode:
        log = (folder / "log").read_text(errors="replace")[-800:] if (folder / "log").exists() else ""
        raise ServerUnavailable(f"the server did not start: {started.stderr.strip()[-300:]} {log}")
    _wait_until_ready(server)


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise ServerUnavailable("the server started but does not answer on its port") from None
            time.sleep(0.1)

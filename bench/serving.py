"""The server a load benchmark drives: gunicorn on a free local port, stopped afterwards."""

import socket
import subprocess
import time
from contextlib import contextmanager

from setup_django import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, *, workers: int, production: bool = False):
    """Yields the port once it answers. ``production``: through deploy/serve.sh, exactly as the
    Dockerfile starts the portal (migrate, then gunicorn with its flags and access log)."""
    port = free_port()
    if production:
        command = ["sh", str(ROOT / "deploy/serve.sh")]
        env = {
            **env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "PYTHON": str(ROOT / ".venv/bin/python"),
        }
    else:
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ]
    # The access log is written as in production, to nowhere: it is not this bench's output.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)

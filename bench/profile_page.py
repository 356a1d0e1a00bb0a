"""Where one page's time goes: the page requested in this process through Django's test client
with the production settings, against a database ``bench/load.py`` filled, then profiled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load CACHE_URL=redis://127.0.0.1:6379/6 \\
      .venv/bin/python bench/profile_page.py /mo-hinh/ --user tai.canbo.0 [--runs 50] [--top 30]

Prints the median time of ``--runs`` requests, the query count, then the functions that took
the most time of their own and in all (cProfile). ``--post 'a=1&b=2'`` sends a POST as the
scorecard's autosave does (HTMX, CSRF checks off as in the test client).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from urllib.parse import parse_qsl

from load import PRODUCTION
from setup_django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", help="the username to sign in as (none: anonymous)")
    parser.add_argument("--post", help="a urlencoded body: send a POST instead of a GET")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--status", type=int, default=200, help="the answer expected: 302…")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    args = parser.parse_args()

    os.environ.update(PRODUCTION)
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-for-any-server")
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
    if args.user:
        client.force_login(User.objects.get(username=args.user))
    body = dict(parse_qsl(args.post)) if args.post else None

    def request():
        if body is None:
            return client.get(args.path)
        return client.post(args.path, body, HTTP_HX_REQUEST="true")

    response = request()
    assert response.status_code == args.status, response.status_code
    with CaptureQueriesContext(connection) as queries:
        request()
    # Counted now: the next request's start empties the connection's query log.
    query_count = len(queries)
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        request()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # This process's CPU alone (not PostgreSQL's or Redis's, nor time another process held the
    # core): what a gunicorn worker spends; on SQLite the database's work is in it too.
    print(
        f"{args.path}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, "
        f"cpu median {statistics.median(cpu):.1f} ms, "
        f"{query_count} queries, {len(response.content):,} bytes"
    )
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.runs):
        request()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())

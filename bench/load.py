"""The portal under load, as production runs it: gunicorn with the production settings against
PostgreSQL, N logged-in clients each with a session of its own, every page driven for a fixed
time beside /healthz (the ceiling) measured the same way in the same run.

    createdb -h 127.0.0.1 -U postgres bench_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load CACHE_URL=redis://127.0.0.1:6379/6 \\
      .venv/bin/python bench/load.py [--clients 16] [--seconds 10] [--workers 3] [--agencies 500]

Give it an empty database of its own (never the tests' one). It builds a province — the
agencies with their people, plans and reports against eight deadlines, registrations topped
up to ``--registrations``, award proposals, finalised scorecards with a few still being
filled, published models —, collects the static files into the manifest, starts gunicorn as
the Dockerfile does, logs the clients in through the login form and prints, per page:
the median of one client alone (the page's own time), then with every client: requests per
second, p50 and p95, errors, the ratio to /healthz, and the page's query count. Run it again
with ``--agencies 5000 --registrations 21000`` for the national-scale figures.
Targets (issue 13) at 16 clients on 2 cores: every logged-in page ≥ 0.4× /healthz, p95 ≤ 150 ms,
no errors.
"""

import argparse
import http.client
import importlib.util
import os
import re
import secrets
import statistics
import sys
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from serving import gunicorn
from setup_django import ROOT, setup_django

PASSWORD = "mat-khau-do-tai-2026"
# The production block of .env.example, as docker-compose's `web` runs it behind TLS.
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "USE_X_FORWARDED_PROTO": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    "CONN_MAX_AGE": "60",
    "PYTHONWARNINGS": "ignore::UserWarning",
}


class Session:
    """One browser: its own keep-alive connection and cookies, requests sent as through the
    TLS proxy (X-Forwarded-Proto: https)."""

    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # The worker closed the kept-alive connection (gunicorn's max-requests): reconnect.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def log_in(self, username):
        status, page = self.request("GET", "/dang-nhap/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        status, _ = self.request("POST", "/dang-nhap/", body=form)
        assert status == 302, f"đăng nhập {username}: HTTP {status}"

    def form_headers(self):
        return {"X-CSRFToken": self.cookies["csrftoken"], "HX-Request": "true"}


def build(n_agencies, n_registrations, n_clients):
    """The province; returns what the pages need."""
    import movement_calendar as calendar
    import scoring_pages
    from bulk import mixed_registrations
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from movements.models import Field
    from portal.models import Agency, Role, User
    from registrations.models import Registration

    movement, deadlines, reviewer = calendar.build_movement()
    calendar.add_agencies(movement, deadlines, reviewer, start=0, count=n_agencies)
    agencies = list(Agency.objects.filter(code__startswith="L").order_by("code"))
    field = Field.objects.first()
    author = User.objects.get(username="bench.lich.canbo")
    missing = n_registrations - Registration.objects.filter(movement=movement).count()
    mixed_registrations(
        movement=movement,
        agencies=agencies,
        field=field,
        author=author,
        count=max(missing, 0),
        name="Mô hình đo tải",
    )
    # The same agencies scored in last year's movement; the clients' agencies still filling in.
    clerk_agencies = agencies[:n_clients]
    scoring = scoring_pages.build(0, agencies=agencies, drafts=clerk_agencies)
    # bench/showcase.py, by its path: “showcase” alone is the app of that name.
    spec = importlib.util.spec_from_file_location("showcase_bench", ROOT / "bench/showcase.py")
    showcase_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(showcase_bench)
    showcase_bench.build(200)

    password = make_password(PASSWORD)
    clerks = [
        User.objects.create(
            username=f"tai.canbo.{i}", password=password, agency=agency, email="", is_active=True
        )
        for i, agency in enumerate(clerk_agencies)
    ]
    reviewers = [
        User.objects.create(username=f"tai.snv.{i}", password=password, is_staff=True)
        for i in range(n_clients)
    ]
    Group.objects.get(name=Role.CLERK.label).user_set.add(*clerks)
    Group.objects.get(name=Role.REVIEWER.label).user_set.add(*reviewers)
    return {
        "movement": movement,
        "scoring": scoring["movement"],
        "criterion": scoring["leaves"][0],
        "clerks": [user.username for user in clerks],
        "reviewers": [user.username for user in reviewers],
        "registrations": Registration.objects.filter(movement=movement).count(),
        "agencies": Agency.objects.count(),
    }


def find(n_clients):
    """What ``build`` returned, read back from a database it filled before (``--reuse``)."""
    from movements.models import Movement
    from portal.models import Agency
    from registrations.models import Registration
    from scoring.models import Criterion

    movement = Movement.objects.get(title="Phong trào đo hiệu năng lịch công việc")
    scoring = Movement.objects.get(title="Phong trào đo hiệu năng chấm điểm")
    sheet = scoring.scoring_settings.criteria_set
    return {
        "movement": movement,
        "scoring": scoring,
        "criterion": Criterion.objects.filter(criteria_set=sheet, is_leaf=True)
        .order_by("position")
        .first(),
        "clerks": [f"tai.canbo.{i}" for i in range(n_clients)],
        "reviewers": [f"tai.snv.{i}" for i in range(n_clients)],
        "registrations": Registration.objects.filter(movement=movement).count(),
        "agencies": Agency.objects.count(),
    }


def drive(sessions, request, seconds, expected=200):
    """Every session sends ``request(session, n)`` until the time is up; an answer other than
    ``expected`` counts as an error."""
    latencies, errors, lock = [], [], threading.Lock()
    stop = time.perf_counter() + seconds

    def client(session):
        mine, failed, n = [], [], 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            status = request(session, n)
            mine.append((time.perf_counter() - start) * 1000)
            n += 1
            if status != expected:
                failed.append(status)
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(session,)) for session in sessions]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - began), latencies, errors


def query_count(path, username, method="GET", data=None, expected=200):
    """The page's queries once warm, counted in this process through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
    if username:
        client.force_login(User.objects.get(username=username))

    def request():
        return client.post(path, data, HTTP_HX_REQUEST="true") if data else client.get(path)

    request()  # the steady state: kept readings and the coordinator in the cache
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == expected, (path, response.status_code)
    return len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=2100)
    parser.add_argument(
        "--reuse", action="store_true", help="the database holds an earlier run's province"
    )
    parser.add_argument("--only", help="measure only the pages whose label holds this text")
    args = parser.parse_args()

    os.environ.update(PRODUCTION)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if args.reuse:
        data = find(args.clients)
    else:
        data = build(args.agencies, args.registrations, args.clients)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Rows written in bulk: fresh planner statistics and visibility map, as autovacuum keeps
        # them in production (counts then read their index alone, not every row's page).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)

    movement, scoring, criterion = data["movement"], data["scoring"], data["criterion"]
    autosave_path = f"/cham-diem/{scoring.pk}/tieu-chi/{criterion.pk}/"

    def autosave_body(n):
        return {
            f"points-{criterion.pk}": str(1 + n % 2),
            f"explanation-{criterion.pk}": f"Giải trình lần {n}",
            f"evidence_note-{criterion.pk}": "Kế hoạch số 12/KH",
        }

    registrations = "/admin/registrations/registration/"
    floor = "sàn: đã đăng nhập, chỉ chuyển hướng"
    statuses = {floor: 302}
    pages = [
        # (label, who, path, POST body maker or None)
        ("/healthz", None, "/healthz", None),
        # The least a signed-in request costs: the session and the person read, then a redirect.
        (floor, "clerk", "/dang-nhap/", None),
        ("trang chủ của cán bộ", "clerk", "/", None),
        ("danh sách mô hình của đơn vị", "clerk", "/mo-hinh/", None),
        ("tự động lưu một tiêu chí (POST)", "clerk", autosave_path, autosave_body),
        ("quản trị: danh sách đăng ký", "reviewer", registrations, None),
        (
            "quản trị: danh sách đăng ký, có lọc",
            "reviewer",
            f"{registrations}?state__exact=submitted&movement__id__exact={movement.pk}",
            None,
        ),
        (
            "quản trị: chỉ tiêu đăng ký",
            "reviewer",
            f"/admin/movements/movement/{movement.pk}/chi-tieu/",
            None,
        ),
        (
            "quản trị: theo dõi, đôn đốc",
            "reviewer",
            f"/admin/movements/movement/{movement.pk}/theo-doi/",
            None,
        ),
        ("xếp hạng chấm điểm", "reviewer", f"/cham-diem/{scoring.pk}/xep-hang/", None),
        ("trang công khai: danh sách", None, "/mo-hinh-tieu-bieu/", None),
    ]
    if args.only:
        # /healthz stays: it is the ceiling every ratio is read against.
        pages = [page for page in pages if page[0] == "/healthz" or args.only in page[0]]
    users = {"clerk": data["clerks"], "reviewer": data["reviewers"]}
    queries = {
        label: query_count(
            path,
            users[who][0] if who else None,
            data=body and body(0),
            expected=statuses.get(label, 200),
        )
        for label, who, path, body in pages
    }
    connection.close()

    with gunicorn(dict(os.environ), workers=args.workers, production=True) as port:
        sessions = {who: [] for who in users}
        for who, names in users.items():
            for name in names:
                session = Session(port)
                session.log_in(name)
                sessions[who].append(session)
        anonymous = [Session(port) for _ in range(args.clients)]

        print(
            f"{data['agencies']} agencies, {data['registrations']} registrations "
            f"({connection.vendor}); built in {built:.0f} s. gunicorn {args.workers} workers, "
            f"{args.clients} clients × {args.seconds:g} s per page, production settings"
        )
        print(
            f"{'page':<40} {'1 client':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
            f"{'× healthz':>10} {'queries':>8}"
        )
        ceiling = None
        for label, who, path, body in pages:
            clients = sessions[who] if who else anonymous

            def request(session, n, path=path, body=body):
                if body is None:
                    return session.request("GET", path)[0]
                form = urlencode(body(n))
                return session.request("POST", path, body=form, headers=session.form_headers())[0]

            expected = statuses.get(label, 200)
            # Warm-up: caches, connections, the workers' imports.
            drive(clients, request, 1, expected)
            # One client alone first: the page's own time, which the 10× run compares.
            _, alone, _ = drive(clients[:1], request, min(args.seconds, 3), expected)
            throughput, latencies, errors = drive(clients, request, args.seconds, expected)
            ceiling = ceiling or throughput
            cuts = statistics.quantiles(latencies, n=100)
            print(
                f"{label:<40} {statistics.median(alone):8.1f} {throughput:7.0f} {cuts[49]:8.1f} "
                f"{cuts[94]:8.1f} {len(errors):7d} {throughput / ceiling:9.2f}× {queries[label]:8d}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

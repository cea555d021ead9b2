"""The benchmark: PostgreSQL + gunicorn + wrk, each URL next to a trivial endpoint.

    make bench                                   # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --only api --duration 5 --connections 32

It (re)creates the PostgreSQL database `wuhou_bench` (starting PostgreSQL if it is down), migrates,
loads reference + demo data and the volumes of bench/volumes.py, starts gunicorn with 2 × cores + 1
workers (DEBUG off), and drives bench/urls.py with wrk. Prints req/s, p50, p95, p99 per URL and
its req/s as a fraction of the trivial endpoint's, measured in the same run. Exits 1 if any
response was not 2xx or a socket error occurred. See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
sys.path.insert(0, str(BASE_DIR))
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--only", default="", help="comma-separated words: run only URLs whose name or path has one")
    parser.add_argument("--scale", type=int, default=1, help="multiplies every volume of bench/volumes.py")
    parser.add_argument(
        "--volume",
        default="",
        help="a district volume: 10x = 100 000 task requests, 293 000 assignments, 2 100 organisations, "
        "21 500 social workers, 100 000 audit records (sets --scale)",
    )
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN of each list's main query")
    parser.add_argument("--port", type=int, default=8901)
    parser.add_argument("--database", default="wuhou_bench")
    parser.add_argument("--reuse-db", action="store_true", help="keep the loaded database of the last run")
    parser.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL of the web processes, e.g. redis://127.0.0.1:6379/14 as in production "
        "(default: the file cache under var/bench)",
    )
    args = parser.parse_args()
    if args.volume:
        if not re.fullmatch(r"\d+x", args.volume):
            parser.error("--volume is a multiple such as 10x")
        args.scale = int(args.volume[:-1])
    return args


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: apt-get install -y wrk")
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk")
    return wrk


def ensure_postgres() -> None:
    ready = ["pg_isready", "-h", PG["host"], "-p", str(PG["port"]), "-q"]
    if subprocess.run(ready, check=False).returncode == 0:
        return
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not clusters:
        sys.exit("PostgreSQL is not running on 127.0.0.1:5432 and no local cluster was found to start")
    say(f"starting PostgreSQL {clusters[0]}")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "start"], check=True)
    for _ in range(30):
        if subprocess.run(ready, check=False).returncode == 0:
            return
        time.sleep(1)
    sys.exit("PostgreSQL did not become ready")


def reset_database(name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(dbname="postgres", **PG)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def bench_environment(args: argparse.Namespace) -> dict[str, str]:
    var = BASE_DIR / "var" / "bench"  # its own static root and broker folder, away from `make run`
    return {
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{args.database}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        # Nothing consumes the broker here: jobs enqueued while loading run in-process.
        "CELERY_TASK_ALWAYS_EAGER": "1",
    } | ({"CACHE_URL": args.cache_url} if getattr(args, "cache_url", "") else {})


def load(args: argparse.Namespace) -> None:
    """Migrate and load, in this process (the environment is already the bench's)."""
    from django.core.management import call_command

    from bench.volumes import VOLUMES

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    say(f"migrated in {time.monotonic() - started:.0f}s")
    call_command("load_demo", stdout=io.StringIO())
    for name, volume in VOLUMES:
        t = time.monotonic()
        counts = volume(args.scale)
        say(f"volume {name}: {counts} in {time.monotonic() - t:.1f}s")
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather in a while: plans must not be judged on
        # the planner's guesses about tables it has never seen full.
        cursor.execute("ANALYZE")
    say(f"data loaded in {time.monotonic() - started:.0f}s")


def auth_headers(username: str | None, path: str) -> list[str]:
    """A token for API paths, a session cookie for pages."""
    if username is None:
        return []
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.get(username=username)
    if path.startswith("/api/"):
        token, _ = Token.objects.get_or_create(user=user)
        return [f"Authorization: Token {token.key}"]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return [f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"]


def start_gunicorn(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    workers = 2 * (os.cpu_count() or 1) + 1
    say(f"gunicorn with {workers} workers on 127.0.0.1:{args.port}")
    process = subprocess.Popen(
        [
            str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
            "wuhou_portal.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{args.port}",
            "--log-level=warning",
            "--timeout=60",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz/live", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    sys.exit("gunicorn did not answer within 60s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def check_once(url: str, headers: list[str], body: bytes | None = None) -> str | None:
    """One request before the load: a clear message beats a table of failures. With `body`, a POST."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **kw):
            return None

    headers = dict(h.split(": ", 1) for h in headers)
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return None if 200 <= status < 300 else f"answered {status}"


LINE = re.compile(
    r"BENCH requests=(\d+) seconds=([\d.]+) p50=(\d+) p95=(\d+) p99=(\d+) non2xx=(\d+) socket_errors=(\d+)"
)


def drive(
    wrk: str, args: argparse.Namespace, url: str, headers: list[str], pool: Path | None = None, *, fresh=False
) -> dict:
    """wrk on one URL: GETs with `headers` (`fresh`: each with a query never asked before), or
    with `pool` (a file of posts_file()) POSTs."""
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout=10s"]
    command += ["-s", str(BENCH_DIR / ("post.lua" if pool else "fresh.lua" if fresh else "report.lua"))]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if pool:
        command += ["--", str(pool)]
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    match = LINE.search(output)
    if match is None:
        raise RuntimeError(f"wrk gave no result for {url}:\n{output}")
    requests, seconds, p50, p95, p99, non2xx, socket_errors = match.groups()
    return {
        "rps": int(requests) / float(seconds),
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "p99": int(p99) / 1000,
        "failed": int(non2xx) + int(socket_errors),
    }


def posts_of(url) -> list[tuple[list[str], bytes]]:
    """A POST URL's pool as (auth headers, JSON body), tokens made for its users."""
    path = url.resolve()
    return [(auth_headers(user, path), json.dumps(body).encode()) for user, body in url.posts()]


def posts_file(name: str, posts: list[tuple[list[str], bytes]]) -> Path:
    """The pool as bench/post.lua reads it: `<header>\t<body>` a line."""
    pool = BASE_DIR / "var" / "bench" / (re.sub(r"\W+", "-", name.lower()).strip("-") + ".posts")
    pool.parent.mkdir(parents=True, exist_ok=True)
    pool.write_text("".join(f"{headers[0]}\t{body.decode()}\n" for headers, body in posts))
    return pool


def request_once(path: str, headers: list[str], body: bytes | None = None, *, client=None):
    """One in-process request with Django's test client: a GET, or with `body` a JSON POST. Pass
    the same `client` to repeat: a new one loads the middleware (and whitenoise's file list) again."""
    from django.conf import settings
    from django.test import Client

    client = client or Client(HTTP_HOST="127.0.0.1")
    extra = {}
    for header in headers:
        name, value = header.split(": ", 1)
        if name == "Cookie":
            client.cookies[settings.SESSION_COOKIE_NAME] = value.split("=", 1)[1]
        else:
            extra["HTTP_" + name.upper().replace("-", "_")] = value
    if body is None:
        return client.get(path, **extra)
    return client.post(path, body, content_type="application/json", **extra)


def fresh_path(path: str, n: int | str) -> str:
    """`path` with a query parameter no other request has (as bench/fresh.lua adds it)."""
    return f"{path}{'&' if '?' in path else '?'}fresh={n}"


def count_queries(
    path: str, headers: list[str], posts: list[tuple[list[str], bytes]] | None = None, *, fresh=False
) -> int:
    """Queries one request makes, counted in this process with Django's test client (wrk cannot).
    A POST URL is sent its pool's first two requests (the first to warm up); a `fresh` one is
    counted with a query the warm-up did not ask."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    first, second = posts[:2] if posts else ((headers, None), (headers, None))
    request_once(path, *first, client=client)  # warm: per-process caches fill once, as in a running worker
    with CaptureQueriesContext(connection) as queries:
        response = request_once(fresh_path(path, "counted") if fresh else path, *second, client=client)
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"{path} answered {response.status_code} in-process: {response.content[:300]!r}")
    return len(queries)


def print_table(rows: list[tuple[str, str, dict]], baseline: float) -> None:
    header = (
        f"{'URL':<34} {'path':<34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'vs trivial':>10}"
        f" {'queries':>7} {'failed':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, path, r in rows:
        print(
            f"{name[:34]:<34} {path[:34]:<34} {r['rps']:>9.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f}"
            f" {r['rps'] / baseline:>10.3f} {r.get('queries', ''):>7} {r['failed']:>7}"
        )
    print("\n'vs trivial': the URL's req/s divided by the trivial endpoint's, same run, same settings.")
    print("'queries': database queries of one request (after one warm-up request), counted in-process.")


def print_explains() -> None:
    from bench.explain import EXPLAINS

    for name, build in EXPLAINS:
        print(f"\n--- EXPLAIN (ANALYZE) {name}")
        print(build().explain(analyze=True, buffers=True))


def main() -> int:
    args = parse_args()
    wrk = ensure_wrk()
    ensure_postgres()
    env = bench_environment(args)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhou_portal.settings")
    if not args.reuse_db:
        say(f"resetting database {args.database}")
        reset_database(args.database)

    import django

    django.setup()
    # The bench's own cache: nothing kept from another run's data may answer for this one.
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    from bench.urls import TRIVIAL, URLS

    cache.clear()
    if not args.reuse_db:
        load(args)
    call_command("collectstatic", interactive=False, verbosity=0)

    words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    chosen = [u for u in URLS if not words or any(w in u.name.lower() or w in str(u.path).lower() for w in words)]
    if not chosen:
        sys.exit(f"--only {args.only!r} matches no URL of bench/urls.py")
    targets = [(u, u.resolve()) for u in [TRIVIAL, *chosen]]
    targets = [(u, path, auth_headers(u.user, path)) for u, path in targets]
    # POST URLs: the pool's first two requests are counted in-process, the third checks the
    # server, wrk cycles through the rest (and around again: bodies may repeat, users vary).
    posts = {u.name: posts_of(u) for u, _, _ in targets if u.posts}
    queries = {u.name: count_queries(path, headers, posts.get(u.name), fresh=u.fresh) for u, path, headers in targets}
    if not args.no_explain:
        print_explains()
    connections.close_all()

    gunicorn = start_gunicorn(args, {**os.environ, **env})
    rows = []
    try:
        root = f"http://127.0.0.1:{args.port}"
        problems = [
            (u.name, p)
            for u, path, h in targets
            if (p := check_once(root + path, *(posts[u.name][2] if u.name in posts else (h,))))
        ]
        if problems:
            for name, problem in problems:
                say(f"{name}: {problem}")
            return 1
        say(f"wrk: {args.connections} connections, {args.threads} threads, {args.duration}s per URL")
        for u, path, headers in targets:
            pool = posts_file(u.name, posts[u.name][3:]) if u.name in posts else None
            result = drive(wrk, args, root + path, headers, pool, fresh=u.fresh) | {"queries": queries[u.name]}
            rows.append((u.name, path, result))
            say(f"{u.name}: {result['rps']:.1f} req/s")
    finally:
        stop(gunicorn)
    print_table(rows, baseline=rows[0][2]["rps"])
    failed = sum(r["failed"] for _, _, r in rows)
    if failed:
        say(f"{failed} requests failed (non-2xx or socket errors)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

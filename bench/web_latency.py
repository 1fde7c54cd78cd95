"""Web latency: throughput and p50/p95/p99 of the main read pages and API endpoints under concurrent load.

For each backend (SQLite in a temporary file; PostgreSQL in a fresh schema that is dropped afterwards)
the bench seeds a database (both sample plans, the sample observations, an admin account), starts
`planwatch serve` as a separate process on loopback, signs in once through the /login form, and then
drives every endpoint with `wrk` (a second process, closed-loop: N connections, each sending its next
request when the previous answer arrives, after an optional think time) for a bounded time. Before the
load it measures a short run of sequential single-client requests (the service time without queueing),
and during the load it reads from /proc how much CPU the server (and PostgreSQL) spent per request and
how much of the machine other processes took, since a shared machine skews latencies.

Endpoints answering 404 are reported as "未实现/404" and skipped, so the bench runs while pages are
still being built. Any other error (a non-2xx/3xx answer, a socket error, a timeout) is reported and
makes the bench exit with status 1. Figures are printed, never asserted; the aim from the issue is
p95 < 50 ms for the dashboard and indicator pages with 20 concurrent clients on a 2-core machine.

Run: .venv/bin/python bench/web_latency.py [--backend sqlite|postgresql|both] [--duration 4]
     [--connections 20] [--workers 2] [--think-ms 0] [--only KEY ...] [--json results.json]
PostgreSQL: PLANWATCH_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
Needs wrk (Debian: apt-get install wrk). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANWATCH = ROOT / ".venv" / "bin" / "planwatch"
PLANS = ROOT / "examples" / "plans"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"
POSTGRES_ENV = "PLANWATCH_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
EVALUATION_YEAR = 2026
ADMIN = "admin"
ADMIN_PASSWORD = "bench-admin-password"
INDICATOR = "高新技术企业数量"  # the indicator page measured (an indicator of the 14th plan with data)
SESSION_COOKIE = "planwatch_session"
GOAL_MS = 50.0
HOST = "127.0.0.1"
WARM_UP_S = 1
FLOOR_S = 2  # load on the floor endpoints (thousands of requests in 2 s)
NAGLE_SUSPECT_MS = 20.0  # a sequential /healthz slower than this points at delayed ACKs (see docs)
SEQUENTIAL_REQUESTS = 50
SEQUENTIAL_BUDGET_S = 2.0  # a slow endpoint gets fewer sequential requests (at least 10)
SERVER_START_TIMEOUT_S = 60.0
WRK_TIMEOUT = "10s"  # a slower answer counts as a timeout error
_CSRF = re.compile(r'<body[^>]*\bdata-csrf="([^"]+)"')
MARKER = "PLANWATCH_WRK"

# With a think time, delay() makes each connection pause before its next request: uniformly between
# half and one and a half times the think time, so the clients do not stay in lockstep.
LUA_THINK = """
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end
init = function(args)
  math.randomseed(os.time() + 7919 * (id or 0))
end
delay = function()
  return math.random({low}, {high})
end
"""
# wrk calls done() once with the statistics of all threads; latencies are in microseconds.
LUA_DONE = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("{MARKER} %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.1f\\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


@dataclass(frozen=True, slots=True)
class Endpoint:
    key: str
    label: str
    path: str
    goal: bool = False  # p95 < 50 ms is the aim for this one
    floor: bool = False  # a reference point: a short run is enough


@dataclass(slots=True)
class Result:
    """One endpoint on one backend. Latencies in milliseconds; `state` is measured, missing or error."""

    key: str
    label: str
    path: str
    goal: bool
    state: str
    note: str = ""
    requests: int = 0
    duration_s: float = 0.0
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    p75: float = 0.0  # wrk's own table; JSON only
    p90: float = 0.0
    max: float = 0.0
    mean: float = 0.0
    errors: int = 0
    non_2xx_3xx: int = 0
    kb_per_response: float = 0.0
    sequential: dict[str, float] = field(default_factory=dict)
    server_cpu_ms: float | None = None  # server CPU time per request (all workers), independent of load
    db_cpu_ms: float | None = None  # PostgreSQL backend CPU time per request (SQLite runs inside the server)
    other_cpu_pct: float | None = None  # share of the machine used by processes other than server and wrk

    @property
    def meets_goal(self) -> bool | None:
        if not self.goal or self.state != "measured":
            return None
        return self.p95 < GOAL_MS


# --- machine and tools ------------------------------------------------------------------------------


def machine_facts() -> dict[str, str]:
    facts = {
        "cores": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    with contextlib.suppress(OSError):
        facts["load average"] = " ".join(f"{v:.1f}" for v in os.getloadavg())  # other work on the box
    wrk = shutil.which("wrk")
    if wrk:
        probe = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
        facts["wrk"] = (
            (probe.stdout or probe.stderr).splitlines()[0].split(" Copyright")[0].removeprefix("wrk ")
        )
    return facts


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed; on Debian/Ubuntu: sudo apt-get install wrk")
    return wrk


# --- databases --------------------------------------------------------------------------------------


def seed(url: str) -> None:
    """Both sample plans, the sample observations (auto-mapped, as `--yes` does) and an admin account."""
    from typer.testing import CliRunner

    from planwatch.cli.main import app as cli_app
    from planwatch.domain.accounts import UserRole
    from planwatch.services import accounts, open_database

    runner = CliRunner()
    for args in (["import", str(PLANS)], ["observe", "import", str(OBSERVATIONS), "--yes"]):
        outcome = runner.invoke(cli_app, ["--database", url, *args])
        if outcome.exit_code != 0:
            raise RuntimeError(f"seeding failed: planwatch {' '.join(args)}\n{outcome.output}")
    with open_database(url) as db:
        accounts.add_user(db.factory, ADMIN, UserRole.ADMIN, who="bench", password=ADMIN_PASSWORD)


@contextlib.contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    yield f"sqlite:///{workdir / 'bench.sqlite3'}"


DbPids = Callable[[], list[int]]


class PostgresUnavailableError(Exception):
    """PostgreSQL cannot be reached: the PostgreSQL part is skipped with a note."""


@contextlib.contextmanager
def postgres_schema(base_url: str) -> Iterator[tuple[str, DbPids]]:
    """A fresh schema (dropped afterwards), selected through the connection's search_path.

    Also yields a function listing the PostgreSQL backend processes serving that URL (found by their
    application_name), so their CPU time can be told apart from everything else on the machine.
    """
    from sqlalchemy.exc import OperationalError

    from planwatch.store import make_engine

    schema = f"planwatch_bench_{secrets.token_hex(4)}"
    admin = make_engine(base_url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OperationalError as exc:
        admin.dispose()
        raise PostgresUnavailableError(str(exc).splitlines()[0]) from exc
    separator = "&" if "?" in base_url else "?"

    def backends() -> list[int]:
        with admin.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %(name)s", {"name": schema}
            )
            return [int(pid) for (pid,) in rows]

    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}&application_name={schema}", backends
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


# --- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(url: str, planwatch: str, workers: int, log: Path) -> Iterator[tuple[int, int]]:
    """`planwatch serve` in its own process group; stopped (SIGTERM, then SIGKILL) when the block ends."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        PLANWATCH_SECRET_KEY=secrets.token_urlsafe(32),
        PLANWATCH_EVALUATION_YEAR=str(EVALUATION_YEAR),
    )
    env.pop("PLANWATCH_PUBLIC_READ", None)
    command = [planwatch, "--database", url, "serve", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_healthy(server, port, log)
        yield port, server.pid
    finally:
        stop(server)


def wait_healthy(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}"
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _, _ = fetch(port, "/healthz")
            if status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {SERVER_START_TIMEOUT_S:.0f} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server we started: its supervisor passes SIGTERM on to the workers."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the group of the process this bench started
            server.wait(timeout=5)


# --- CPU accounting (Linux /proc): what the server costs per request, and how busy the rest of the box is


CORES = os.cpu_count() or 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True, slots=True)
class CpuSample:
    """Seconds of CPU (server process tree, PostgreSQL backends serving it, our waited-for children, i.e.
    wrk, and the whole machine) and the wall clock."""

    server_s: float
    db_ticks: dict[int, int] | None  # PostgreSQL backend pid → CPU clock ticks so far
    children_s: float
    machine_s: float
    wall_s: float

    def minus(self, earlier: CpuSample) -> CpuUse:
        server = self.server_s - earlier.server_s
        db = None
        if self.db_ticks is not None and earlier.db_ticks is not None:
            # Per backend, so a connection that closed during the run (its CPU is lost: this is a lower
            # bound) does not count negatively, and one opened during the run counts in full.
            ticks = sum(t - earlier.db_ticks.get(pid, 0) for pid, t in self.db_ticks.items())
            db = max(0, ticks) / CLOCK_TICKS
        children = self.children_s - earlier.children_s
        other = self.machine_s - earlier.machine_s - server - (db or 0.0) - children
        return CpuUse(server, db, max(0.0, other), self.wall_s - earlier.wall_s)


@dataclass(frozen=True, slots=True)
class CpuUse:
    server_s: float
    db_s: float | None
    other_s: float
    wall_s: float


def cpu_sample(server_pid: int, db_pids: DbPids | None) -> CpuSample | None:
    """None where /proc is not available (the columns are then left empty).

    PostgreSQL backends count only when they run on this machine (a remote server's are not in /proc).
    """
    try:
        tick = CLOCK_TICKS
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        busy = sum(int(v) for i, v in enumerate(fields[:8]) if i not in (3, 4))  # all but idle, iowait
        server = sum(_process_ticks(pid) for pid in _tree(server_pid))
        db = None if db_pids is None else {pid: _process_ticks(pid) for pid in db_pids()}
    except (OSError, ValueError):
        return None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSample(server / tick, db, children.ru_utime + children.ru_stime, busy / tick, time.monotonic())


def _tree(root: int) -> list[int]:
    """`root` and its descendants (the supervisor and its worker processes)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def _process_ticks(pid: int) -> int:
    try:
        after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0  # exited between listing and reading
    return int(after_name[11]) + int(after_name[12])  # utime, stime


# --- HTTP from the bench process --------------------------------------------------------------------


def fetch(
    port: int,
    path: str,
    *,
    cookie: str | None = None,
    method: str = "GET",
    form: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
    gzip: bool = False,
) -> tuple[int, dict[str, str], bytes]:
    """One request; returns status, headers (lower-case names; Set-Cookie values joined by newlines), body."""
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        merged: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            merged[key] = f"{merged[key]}\n{value}" if key in merged else value
        return response.status, merged, data
    finally:
        if connection is None:
            conn.close()


def session_cookie(headers: dict[str, str]) -> str | None:
    for line in headers.get("set-cookie", "").splitlines():
        name, _, rest = line.partition("=")
        if name.strip() == SESSION_COOKIE:
            return f"{SESSION_COOKIE}={rest.split(';', 1)[0]}"
    return None


def sign_in(port: int) -> str:
    """Sign in through the login form like a browser; returns the Cookie header value."""
    status, headers, body = fetch(port, "/login")
    match = _CSRF.search(body.decode("utf-8", "replace"))
    cookie = session_cookie(headers)
    if status != 200 or not match or not cookie:
        raise RuntimeError(
            f"GET /login: status {status}, CSRF token found: {bool(match)}, cookie: {bool(cookie)}"
        )
    form = {"username": ADMIN, "password": ADMIN_PASSWORD, "csrf_token": match.group(1), "next": "/"}
    status, headers, body = fetch(port, "/login", cookie=cookie, method="POST", form=form)
    signed = session_cookie(headers)
    if status != 303 or not signed:
        raise RuntimeError(f"POST /login answered {status}: {body[:300].decode('utf-8', 'replace')}")
    status, _, body = fetch(port, "/api/v1/me", cookie=signed)
    if status != 200 or not json.loads(body).get("signed_in"):
        raise RuntimeError(f"the session cookie does not sign in: /api/v1/me answered {status}")
    return signed


# --- what to measure --------------------------------------------------------------------------------


def _items(payload: object) -> list[dict[str, object]]:
    """The rows of a list answer: a bare list or a page `{"items": [...]}`."""
    if isinstance(payload, dict):
        payload = payload.get("items")
    return [row for row in payload if isinstance(row, dict)] if isinstance(payload, list) else []


def discover(port: int, cookie: str, url: str) -> tuple[int, int, str]:
    """The 14th plan's id and the indicator's id: through the API when it exists, else from the database."""
    plan_id: int | None = None
    status, _, body = fetch(port, "/api/v1/plans?limit=100", cookie=cookie)
    if status == 200:
        rows = _items(json.loads(body))
        plans = [
            p if isinstance(p := row.get("plan"), dict) else row for row in rows
        ]  # {"plan": {...}} or flat
        dated = [p for p in plans if isinstance(p.get("id"), int)]
        if dated:
            newest = max(dated, key=lambda p: (_int(p.get("period_start")), _int(p.get("id"))))
            plan_id = _int(newest["id"])
    if plan_id is not None:
        status, _, body = fetch(port, f"/api/v1/plans/{plan_id}/indicators?limit=500", cookie=cookie)
        if status == 200:
            for row in _items(json.loads(body)):
                indicator_id = row.get("indicator_id", row.get("id"))
                if row.get("name") == INDICATOR and isinstance(indicator_id, int):
                    return plan_id, indicator_id, "API"
    return (*ids_from_database(url), "database")


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def ids_from_database(url: str) -> tuple[int, int]:
    from planwatch.services import open_database, stored_plans
    from planwatch.store import list_indicators, transaction

    with open_database(url) as db:
        plan = max(stored_plans(db.factory), key=lambda p: (p.period_start or 0, p.id))
        with transaction(db.factory, read_only=True) as session:
            indicator = next(i for i, n in list_indicators(session, plan.id).items() if n == INDICATOR)
    return plan.id, indicator


def endpoints(plan_id: int, indicator_id: int) -> list[Endpoint]:
    p, i = plan_id, indicator_id
    return [
        Endpoint("dashboard", "page  dashboard", f"/plans/{p}", goal=True),
        Endpoint("indicator", "page  indicator", f"/indicators/{i}", goal=True),
        Endpoint("indicators", "page  indicator list", f"/plans/{p}/indicators"),
        Endpoint("outline", "page  outline", f"/plans/{p}/outline"),
        Endpoint("tasks", "page  tasks", f"/plans/{p}/tasks"),
        Endpoint("api_dashboard", "api   dashboard", f"/api/v1/plans/{p}/dashboard"),
        Endpoint("api_indicator", "api   indicator", f"/api/v1/indicators/{i}"),
        Endpoint("api_indicators", "api   indicator list", f"/api/v1/plans/{p}/indicators"),
        Endpoint("api_tasks", "api   tasks", f"/api/v1/tasks?plan_id={p}"),
        # Floors: the framework alone, and the framework plus the per-request session/principal lookup.
        Endpoint("healthz", "floor /healthz (no DB)", "/healthz", floor=True),
        Endpoint("me", "floor /api/v1/me (auth)", "/api/v1/me", floor=True),
    ]


# --- measuring --------------------------------------------------------------------------------------


def sequential(port: int, cookie: str, path: str) -> dict[str, float]:
    """Single-client latency over one keep-alive connection: service time without queueing (ms)."""
    times: list[float] = []
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        started = time.perf_counter()
        while len(times) < SEQUENTIAL_REQUESTS:
            begin = time.perf_counter()
            status, _, _ = fetch(port, path, cookie=cookie, connection=conn, gzip=True)
            times.append((time.perf_counter() - begin) * 1000)
            if status >= 400:
                raise RuntimeError(f"{path} answered {status} during the sequential run")
            if len(times) >= 10 and time.perf_counter() - started > SEQUENTIAL_BUDGET_S:
                break
    finally:
        conn.close()
    times.sort()
    return {
        "requests": float(len(times)),
        "min": times[0],
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "mean": statistics.fmean(times),
    }


def run_wrk(
    wrk: str, script: Path, port: int, cookie: str, path: str, *, seconds: int, connections: int, threads: int
) -> tuple[dict[str, float], str]:
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "--latency",
        "-s",
        str(script),
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "Accept-Encoding: gzip",  # as browsers send it: the app compresses responses over 1 KB
        f"http://{HOST}:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout), done.stdout


def parse_wrk(output: str) -> dict[str, float]:
    """wrk's own summary lines plus the line our Lua `done()` writes (p95 is not in wrk's table)."""
    line = next((ln for ln in output.splitlines() if ln.startswith(MARKER)), None)
    if line is None:
        raise RuntimeError(f"no result line from the wrk script in:\n{output}")
    names = (
        *("requests", "duration_us", "bytes", "connect", "read", "write", "status", "timeout"),
        *("p50_us", "p95_us", "p99_us", "max_us", "mean_us"),
    )
    values = dict(zip(names, (float(v) for v in line.split()[1:]), strict=True))
    rps = re.search(r"Requests/sec:\s*([\d.]+)", output)
    values["rps"] = float(rps.group(1)) if rps else values["requests"] / (values["duration_us"] / 1e6)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    values["non_2xx_3xx"] = float(non_2xx.group(1)) if non_2xx else 0.0
    for level in (75, 90):  # from wrk's --latency table (the Lua line has 50/95/99)
        row = re.search(rf"^\s*{level}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if row:
            values[f"p{level}_us"] = float(row.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[row.group(2)]
    return values


def measure(
    wrk: str,
    script: Path,
    port: int,
    server_pid: int,
    db_pids: DbPids | None,
    cookie: str,
    endpoint: Endpoint,
    args: argparse.Namespace,
) -> Result:
    result = Result(endpoint.key, endpoint.label, endpoint.path, endpoint.goal, state="measured")
    status, _, body = fetch(port, endpoint.path, cookie=cookie)
    if status == 404:
        result.state, result.note = "missing", "未实现/404"
        return result
    if status != 200:
        result.state, result.note = (
            "error",
            f"probe answered {status}: {body[:200].decode('utf-8', 'replace')}",
        )
        return result
    load = {"connections": args.connections, "threads": args.threads}
    if not endpoint.floor:
        run_wrk(wrk, script, port, cookie, endpoint.path, seconds=WARM_UP_S, **load)
    result.sequential = sequential(port, cookie, endpoint.path)
    seconds = min(args.duration, FLOOR_S) if endpoint.floor else args.duration
    before = cpu_sample(server_pid, db_pids)
    values, _ = run_wrk(wrk, script, port, cookie, endpoint.path, seconds=seconds, **load)
    after = cpu_sample(server_pid, db_pids)
    result.requests = int(values["requests"])
    result.duration_s = values["duration_us"] / 1e6
    result.rps = values["rps"]
    result.p50, result.p95, result.p99 = (values[k] / 1000 for k in ("p50_us", "p95_us", "p99_us"))
    result.p75, result.p90 = (values.get(k, 0.0) / 1000 for k in ("p75_us", "p90_us"))
    result.max, result.mean = values["max_us"] / 1000, values["mean_us"] / 1000
    result.non_2xx_3xx = int(values["non_2xx_3xx"])
    result.errors = int(sum(values[k] for k in ("connect", "read", "write", "timeout"))) + result.non_2xx_3xx
    result.kb_per_response = values["bytes"] / max(1.0, values["requests"]) / 1024
    if before is not None and after is not None:
        used = after.minus(before)
        result.server_cpu_ms = used.server_s * 1000 / max(1.0, values["requests"])
        if used.db_s is not None:
            result.db_cpu_ms = used.db_s * 1000 / max(1.0, values["requests"])
        result.other_cpu_pct = 100 * used.other_s / max(1e-9, used.wall_s * CORES)
    if result.errors:
        result.state = "error"
        result.note = (
            f"{result.non_2xx_3xx} non-2xx/3xx, connect {values['connect']:.0f}, read {values['read']:.0f}, "
            f"write {values['write']:.0f}, timeout {values['timeout']:.0f}"
        )
    return result


def bench_backend(
    name: str, url: str, db_pids: DbPids | None, wrk: str, workdir: Path, args: argparse.Namespace
) -> dict[str, object]:
    started = time.perf_counter()
    seed(url)
    seeded = time.perf_counter() - started
    print(f"  seeded in {seeded:.1f} s; starting planwatch serve --workers {args.workers}", flush=True)
    script = workdir / "report.lua"
    think = LUA_THINK.format(low=args.think_ms // 2, high=args.think_ms * 3 // 2) if args.think_ms else ""
    script.write_text(think + LUA_DONE, encoding="utf-8")
    results: list[Result] = []
    with running_server(url, args.planwatch, args.workers, workdir / f"server-{name}.log") as (port, pid):
        cookie = sign_in(port)
        plan_id, indicator_id, source = discover(port, cookie, url)
        print(f"  signed in; plan {plan_id}, indicator {indicator_id} ({INDICATOR}) found via {source}")
        for endpoint in endpoints(plan_id, indicator_id):
            if args.only and endpoint.key not in args.only:
                continue
            try:
                result = measure(wrk, script, port, pid, db_pids, cookie, endpoint, args)
            except (RuntimeError, OSError, http.client.HTTPException) as exc:
                result = Result(endpoint.key, endpoint.label, endpoint.path, endpoint.goal, "error", str(exc))
            results.append(result)
            print(f"  {progress_line(result)}", flush=True)
        if any(r.state == "error" for r in results):
            log = (workdir / f"server-{name}.log").read_text(errors="replace").splitlines()
            print("  server log (last lines):\n    " + "\n    ".join(log[-15:]))
    print_table(name, results, args)
    warning = nagle_warning(results)
    if warning:
        print(f"  WARNING: {warning}\n")
    return {
        "url": redact(url),
        "warning": warning,
        "seed_s": round(seeded, 2),
        "plan_id": plan_id,
        "indicator_id": indicator_id,
        "results": [asdict(r) | {"meets_goal": r.meets_goal} for r in results],
    }


def nagle_warning(results: list[Result]) -> str | None:
    """A slow sequential /healthz means keep-alive responses wait for delayed ACKs (no TCP_NODELAY)."""
    floor = next((r for r in results if r.key == "healthz" and r.sequential), None)
    if floor is None or floor.sequential["p50"] < NAGLE_SUSPECT_MS:
        return None
    return (
        f"sequential /healthz takes {floor.sequential['p50']:.0f} ms (expected ~1 ms): keep-alive responses "
        "are held back by Nagle's algorithm and delayed ACKs (~40 ms each). uvicorn --workers > 1 binds the "
        "listener without IPPROTO_TCP, so asyncio never sets TCP_NODELAY (uvicorn issue #3149); "
        "see docs/benchmarks.md"
    )


def redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


# --- output -----------------------------------------------------------------------------------------


def progress_line(result: Result) -> str:
    if result.state == "missing":
        return f"{result.label:26s} {result.note}"
    if result.state == "error" and not result.requests:
        return f"{result.label:26s} ERROR {result.note}"
    seq = result.sequential
    return (
        f"{result.label:26s} {result.rps:7.1f} req/s  p95 {result.p95:6.1f} ms"
        f"  (sequential p50 {seq.get('p50', 0):.1f} ms)"
    )


def print_table(backend: str, results: list[Result], args: argparse.Namespace) -> None:
    print()
    print(
        f"{backend}: {args.connections} connections, {args.threads} wrk threads, {args.duration} s per endpoint, "
        f"{args.workers} server workers, think time {args.think_ms} ms"
    )
    print(
        "  latencies in ms; seq = one client at a time (no queueing); cpu = server CPU ms per request; "
        "db = PostgreSQL CPU ms per request; other = share of the machine used by other processes"
    )
    header = (
        f"{'endpoint':26s} {'requests':>8s} {'req/s':>7s} {'p50':>7s} {'p95':>7s} {'p99':>7s} "
        f"{'errors':>6s} {'seq p50':>7s} {'cpu':>5s} {'db':>5s} {'other':>5s} {'KB':>5s}  p95<50ms"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.state == "missing" or (r.state == "error" and not r.requests):
            print(f"{r.label:26s} {r.note}")
            continue
        goal = {True: "yes", False: "NO", None: ""}[r.meets_goal]
        cpu = _cell(r.server_cpu_ms, "{:5.1f}")
        db = _cell(r.db_cpu_ms, "{:5.1f}")
        other = _cell(r.other_cpu_pct, "{:4.0f}%")
        print(
            f"{r.label:26s} {r.requests:8d} {r.rps:7.1f} {r.p50:7.1f} {r.p95:7.1f} {r.p99:7.1f} "
            f"{r.errors:6d} {r.sequential.get('p50', 0):7.1f} {cpu} {db} {other} {r.kb_per_response:5.1f}  {goal}"
        )
    print()


def _cell(value: float | None, form: str) -> str:
    return form.format(value) if value is not None else f"{'-':>5s}"


# --- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=int, default=4, help="seconds of load per endpoint (default 4)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections (default 20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="pause of each connection between its requests (default 0: every client sends flat out)",
    )
    parser.add_argument(
        "--planwatch",
        default=str(PLANWATCH),
        help="the planwatch command that serves (default: .venv/bin/planwatch; for trying a patched launcher)",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        metavar="KEY",
        help="endpoint keys to measure (default: all): dashboard indicator indicators outline tasks "
        "api_dashboard api_indicator api_indicators api_tasks healthz me",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    if not 1 <= args.duration <= 120 or not 1 <= args.connections <= 1000:
        parser.error("--duration must be 1–120 s and --connections 1–1000")
    wrk = require_wrk()
    facts = machine_facts()
    print("planwatch web latency (wrk on loopback, closed loop)")
    print("  machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    report: dict[str, object] = {"machine": facts, "settings": vars(args) | {"json": str(args.json)}}
    backends: dict[str, object] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="planwatch-web-bench-") as tmp:
        workdir = Path(tmp)
        if args.backend in ("sqlite", "both"):
            print("SQLite")
            try:
                with sqlite_database(workdir) as url:
                    backends["sqlite"] = bench_backend("sqlite", url, None, wrk, workdir, args)
            except (RuntimeError, OSError) as exc:  # seeding or server start failed
                print(f"  FAILED: {exc}", file=sys.stderr)
                backends["sqlite"] = {"failed": str(exc)}
        if args.backend in ("postgresql", "both"):
            base = os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)
            print(f"PostgreSQL ({redact(base)})")
            try:
                with postgres_schema(base) as (url, db_pids):
                    backends["postgresql"] = bench_backend("postgresql", url, db_pids, wrk, workdir, args)
            except PostgresUnavailableError as exc:
                print(
                    f"  skipped: PostgreSQL is not reachable ({exc}); set {POSTGRES_ENV} to a reachable URL"
                )
                backends["postgresql"] = {"skipped": str(exc)}
            except (RuntimeError, OSError) as exc:
                print(f"  FAILED: {exc}", file=sys.stderr)
                backends["postgresql"] = {"failed": str(exc)}
    report["backends"] = backends
    for name, data in backends.items():
        if isinstance(data, dict) and "failed" in data:
            failed = True
        rows = data.get("results", []) if isinstance(data, dict) else []
        for row in rows:
            if isinstance(row, dict) and row.get("state") == "error":
                failed = True
                print(f"ERROR on {name}: {row.get('path')}: {row.get('note')}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

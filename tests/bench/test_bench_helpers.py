"""The load bench's helpers that need no server: /proc parsing, CPU per request, wrk's report."""

import os
import sys
from pathlib import Path

from bench import common

# bench/bench.py imports its neighbours as top-level modules (`from common import …`).
sys.path.insert(0, str(Path(common.__file__).parent))
from bench import bench  # noqa: E402


def stat_line(pid, comm, *, ppid=1, pgrp=None, utime=0, stime=0, cutime=0, cstime=0, start=500):
    """A /proc/<pid>/stat line in proc(5)'s layout (52 fields)."""
    fields = [str(pid), f"({comm})", "S", str(ppid), str(pgrp or pid)]
    fields += ["0"] * 8  # 6 session … 13 cmajflt
    fields += [str(utime), str(stime), str(cutime), str(cstime)]  # 14 … 17
    fields += ["20", "0", "1", "0", str(start)]  # 18 priority … 22 starttime
    fields += ["0"] * (52 - len(fields))
    return " ".join(fields) + "\n"


def test_parse_stat_reads_the_fields_after_the_last_parenthesis():
    line = stat_line(4242, "gunicorn: worker) (x) S 1", ppid=4200, pgrp=4200, utime=150, stime=30)
    stat = common.parse_stat(line)
    assert stat.pid == 4242
    assert stat.comm == "gunicorn: worker) (x) S 1"
    assert (stat.ppid, stat.pgrp) == (4200, 4200)
    assert (stat.utime, stat.stime) == (150, 30)
    assert stat.starttime == 500


def test_ticks_count_children_the_process_has_waited_for():
    stat = common.parse_stat(stat_line(1, "gunicorn", utime=10, stime=5, cutime=7, cstime=3))
    assert stat.ticks == 25


def test_parse_stat_of_this_process():
    stat = common.parse_stat(Path("/proc/self/stat").read_text())
    assert stat.pid == os.getpid()
    assert stat.pgrp == os.getpgrp()
    assert stat.utime + stat.stime > 0


def test_cpu_ms_per_request():
    # 250 ticks at 100 a second are 2.5 s of CPU; over 1,000 requests, 2.5 ms each.
    assert common.cpu_ms_per_request(250, 1000, clk_tck=100) == 2.5
    assert common.cpu_ms_per_request(250, 0, clk_tck=100) is None


def test_backend_titles_name_their_database():
    title = common.postgres_title_database
    assert title("postgres: 15/main: postgres newsroom_bench 127.0.0.1(46506) idle") == (
        "newsroom_bench"
    )
    assert title("postgres: postgres newsroom_bench_small 127.0.0.1(5) SELECT") == (
        "newsroom_bench_small"
    )
    assert title("postgres: 15/main: postgres newsroom [local] idle") == "newsroom"
    assert title("postgres: 15/main: autovacuum worker newsroom_bench") is None
    assert title("postgres: 15/main: checkpointer") is None
    assert title("postgres: 15/main: logical replication launcher") is None
    assert title("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main") is None
    assert common.parallel_worker_leader("postgres: 15/main: parallel worker for PID 77") == 77


def test_classify_keeps_the_server_group_and_the_databases_backends():
    def proc(pid, comm, pgrp, title=""):
        return common.parse_stat(stat_line(pid, comm, pgrp=pgrp)), title

    processes = [
        proc(100, "gunicorn", 100),
        proc(101, "gunicorn", 100),
        proc(200, "postgres", 200, "/usr/lib/postgresql/15/bin/postgres -D /x"),
        proc(201, "postgres", 201, "postgres: 15/main: postgres bench 127.0.0.1(1) idle"),
        proc(202, "postgres", 202, "postgres: 15/main: postgres other 127.0.0.1(2) COPY"),
        proc(203, "postgres", 203, "postgres: 15/main: parallel worker for PID 201"),
        proc(204, "postgres", 204, "postgres: 15/main: parallel worker for PID 202"),
        proc(300, "wrk", 300),
    ]
    groups = common.classify(processes, server_pgid=100, database="bench")
    assert groups == {
        (100, 500): "server",
        (101, 500): "server",
        (201, 500): "db",
        (203, 500): "db",
    }


def test_cpu_meter_counts_from_the_first_reading_to_the_last(monkeypatch):
    readings = iter(
        [
            # start: a worker and a backend
            [(100, "gunicorn", 10, ""), (201, "postgres", 4, "postgres: u bench 1.2.3.4(1) idle")],
            # end: the backend has exited; a new one appeared; the worker went on
            [(100, "gunicorn", 70, ""), (202, "postgres", 5, "postgres: u bench 1.2.3.4(2) idle")],
        ]
    )

    def read_processes():
        return [
            (common.parse_stat(stat_line(pid, comm, pgrp=100 if pid == 100 else pid, utime=t)), s)
            for pid, comm, t, s in next(readings)
        ]

    monkeypatch.setattr(common, "read_processes", read_processes)
    meter = common.CpuMeter(server_pgid=100, database="bench", interval=3600)
    meter.start()
    # The exited backend keeps nothing after its start reading; the new one counts whole.
    assert meter.stop() == {"server": 60, "db": 5}


def test_cpu_meter_reads_this_process_group():
    meter = common.CpuMeter(server_pgid=os.getpgrp(), database=None, interval=3600).start()
    sum(i * i for i in range(3_000_000))  # some CPU in this process
    spent = meter.stop()
    assert spent["server"] > 0
    assert spent["db"] == 0


WRK_REPORT = """Running 10s test @ http://127.0.0.1:8765/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.02ms  80.00ms   90.00%
    Req/Sec   660.12     40.00   700.00     75.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   15.00ms
     99%    1.20s
  13200 requests in 10.00s, 500.00MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   1319.50
Transfer/sec:     50.00MB
"""


def test_parse_wrk_report():
    result = bench.parse_wrk(WRK_REPORT)
    assert result["rps"] == 1319.5
    assert result["p50"] == 11.5
    assert result["p99"] == 1200
    assert result["requests"] == 13200
    assert (result["non2xx"], result["socket_errors"], result["errors"]) == (4, 6, 10)


def test_parse_wrk_report_without_errors():
    clean = "\n".join(
        line for line in WRK_REPORT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    result = bench.parse_wrk(clean.replace("50%   11.50ms", "50%  850.00us"))
    assert result["errors"] == 0
    assert result["p50"] == 0.85


def test_ratios_to_the_trivial_app():
    trivial = {"rps": 2000.0, "cpu_ms": 0.5}
    rows = [
        {"rps": 500.0, "cpu_ms": 4.0},
        {"rps": 2000.0, "cpu_ms": 0.5},
        {"rps": 9000.0, "cpu_ms": None},
    ]
    bench.add_ratios(rows, trivial)
    assert [row["throughput_vs_trivial"] for row in rows] == [0.25, 1.0, 4.5]
    assert [row["cpu_vs_trivial"] for row in rows] == [8.0, 1.0, None]


def test_wait_idle_waits_for_the_backlog_to_drain(monkeypatch):
    # The worker spends 30 ticks between readings, then 1, then none: idle at the third.
    ticks = iter([100, 130, 131, 131, 131])
    seen = []

    def read_processes():
        seen.append(1)
        return [(common.parse_stat(stat_line(100, "gunicorn", utime=next(ticks))), "")]

    monkeypatch.setattr(common, "read_processes", read_processes)
    assert common.wait_idle(100, quiet=0.01, timeout=5)
    assert len(seen) == 3

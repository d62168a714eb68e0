"""Latency of the HTTP API on this machine: p50/p95 over real HTTP on the loopback interface.

Starts the app with uvicorn on a free 127.0.0.1 port, sends a bounded number of sequential
requests with httpx, and prints p50/p95 for each endpoint next to the same call made directly
in Python (the peer: the engine without the web layer), so the ratio shows what HTTP, validation
and JSON cost. Aims (issue 7): cost p95 < 100 ms, 10,000-path simulation p95 < 1.5 s.

    python benchmarks/api_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable

import httpx
import uvicorn

from infranomics import cost
from infranomics.catalog import Catalog
from infranomics.web import create_app
from infranomics.web.registry import available


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quantiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    p50 = statistics.median(xs)
    p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
    return p50, p95


def _time(fn: Callable[[], object], n: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    args = ap.parse_args(argv)
    n_fast, n_sim = (20, 3) if args.quick else (200, 20)

    catalog = Catalog([])
    app = create_app(catalog=catalog)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            print("server did not start", file=sys.stderr)
            return 1
        time.sleep(0.05)

    base = f"http://127.0.0.1:{port}/api/v1"
    rows = []
    with httpx.Client(timeout=60) as client:
        def post(path, body):
            def call():
                r = client.post(base + path, json=body)
                r.raise_for_status()
                return r
            return call

        body = {"gpu": "H100-SXM", "utilization": 0.6}
        rows.append(("POST /cost (H100, defaults)", n_fast, _time(post("/cost", body), n_fast),
                     _time(lambda: cost.estimate("H100-SXM", utilization=0.6, catalog=catalog).to_dict(), n_fast),
                     0.100))
        if available(("infranomics.perf:estimate",)):
            body = {"gpu": "H200", "model": "Llama-3.1-70B"}
            rows.append(("POST /cost (H200 × Llama-3.1-70B, perf)", n_fast, _time(post("/cost", body), n_fast),
                         _time(lambda: cost.estimate("H200", model="Llama-3.1-70B", catalog=catalog).to_dict(),
                               n_fast), 0.100))
            body = {"gpu": "H20", "model": "DeepSeek-R1", "region": "CN", "currency": "CNY"}
            rows.append(("POST /cost/sensitivity (H20 × DeepSeek-R1)", n_fast,
                         _time(post("/cost/sensitivity", body), n_fast),
                         _time(lambda: cost.sensitivity("H20", model="DeepSeek-R1", region="CN", currency="CNY",
                                                        catalog=catalog).to_dict(), n_fast), 0.300))
        if available(("infranomics.market:simulate",)):
            from infranomics import market

            body = {"preset": "baseline", "paths": 10_000, "seed": 1}
            rows.append(("POST /simulate (10,000 paths, 10 years)", n_sim, _time(post("/simulate", body), n_sim, 1),
                         _time(lambda: market.simulate("baseline", paths=10_000, seed=1, catalog=catalog).to_dict(),
                               n_sim, 1), 1.5))
    server.should_exit = True
    thread.join(timeout=10)

    print("HTTP API latency over real HTTP on 127.0.0.1 (sequential requests, one client)")
    print(f"{'request':44} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'direct p50':>11} {'API/direct':>10}  aim p95")
    for name, n, http_t, direct_t, aim in rows:
        p50, p95 = _quantiles(http_t)
        d50, _ = _quantiles(direct_t)
        ok = "ok" if p95 < aim else "OVER"
        print(f"{name:44} {n:>4} {p50 * 1e3:>9.1f} {p95 * 1e3:>9.1f} {d50 * 1e3:>10.1f}  {p50 / d50:>9.2f}x"
              f"  < {aim * 1e3:.0f} ms {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

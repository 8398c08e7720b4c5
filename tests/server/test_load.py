"""Bounded loopback load test: 50 concurrent clients for 60 s against a real server process."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
import random
import time

import httpx
import numpy as np
import psutil
import pytest
from server_process import TOKEN, running_server

CLIENTS = 50
DURATION_S = 60.0
WARM_UP_S = 10.0
WORDS = "hej jag förstår men kanske ärendet vi skickar kortet i dag sorry maybe regarding thanks".split()


def random_reply(rng: random.Random) -> str:
    sentences = [" ".join(rng.choices(WORDS, k=rng.randint(3, 12))).capitalize() + f" {rng.randint(0, 999)}."
                 for _ in range(rng.randint(1, 6))]
    return "Hej Anna,\n\n" + " ".join(sentences) + "\n\nMed vänliga hälsningar\nLisa"


async def client_loop(url: str, seed: int, stop_at: float, latencies: list, errors: list) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {TOKEN}", "Origin": "chrome-extension://abcdefghijklmnop"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                response = await client.post("/v1/analyze", json={"text": random_reply(rng)})
                if response.status_code != 200:
                    errors.append(response.status_code)
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
            latencies.append((time.monotonic(), time.perf_counter() - started))


async def sample_memory(process: psutil.Process, stop_at: float, samples: list) -> None:
    while time.monotonic() < stop_at:
        samples.append((time.monotonic(), process.memory_info().rss))
        await asyncio.sleep(1.0)


async def load(url: str, pid: int) -> tuple[list, list, list, float]:
    start = time.monotonic()
    stop_at = start + DURATION_S
    latencies, errors, memory = [], [], []
    await asyncio.gather(sample_memory(psutil.Process(pid), stop_at, memory),
                         *(client_loop(url, seed, stop_at, latencies, errors) for seed in range(CLIENTS)))
    return latencies, errors, memory, start


@pytest.mark.slow
def test_fifty_clients_for_a_minute(tiny_model_dir, tmp_path):
    with running_server(tiny_model_dir, tmp_path / "feedback.sqlite3") as (process, url):
        # Own thread, own event loop: the browser tests' session-wide Playwright (sync API) keeps
        # an event loop running in the main thread for the rest of the session.
        with ThreadPoolExecutor(max_workers=1) as pool:
            latencies, errors, memory, start = pool.submit(asyncio.run, load(url, process.pid)).result()
    seconds = np.array([seconds for _, seconds in latencies])
    warm = [rss for at, rss in memory if at >= start + WARM_UP_S]
    growth = (warm[-1] - warm[0]) / warm[0]
    print(f"\nload: {len(seconds)} requests from {CLIENTS} clients in {DURATION_S:.0f} s "
          f"({len(seconds) / DURATION_S:.0f}/s), errors {len(errors)}, p50 {np.percentile(seconds, 50) * 1000:.1f} ms, "
          f"p99 {np.percentile(seconds, 99) * 1000:.1f} ms, RSS {warm[0] / 2**20:.0f} -> {warm[-1] / 2**20:.0f} MB "
          f"({growth:+.1%} after {WARM_UP_S:.0f} s warm-up)")
    assert errors == []
    assert growth < 0.10

"""A typed reply costs one worker-thread hop, not four (each wake-up is up to milliseconds on a
busy machine): the token check and the model lookup run on the event loop, and so does the
response's validation; only the scoring goes to a thread."""

import anyio.to_thread
import pytest


@pytest.fixture
def hops(monkeypatch) -> list[str]:
    calls: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counting_run_sync(func, *args, **kwargs):
        calls.append(getattr(func, "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting_run_sync)
    return calls


@pytest.mark.parametrize("path, body", [("/v1/analyze", {"text": "Hej Anna, vi beklagar. Vi ska kolla upp det."}),
                                        ("/v1/classify", {"sentences": ["Vi beklagar.", "Tack!"]})])
def test_scoring_requests_use_one_worker_thread(client, hops, path, body):
    assert client.post(path, json=body).status_code == 200  # (TestClient's own portal is not anyio.to_thread)
    assert len(hops) == 1, hops

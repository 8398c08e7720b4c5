"""`tonefall serve` sends nothing anywhere: ONNX Runtime's telemetry writes no files and makes no lookups.

Each test starts the real service with a fresh HOME and an environment without the variables
that would switch onnxruntime's telemetry off on their own (its opt-out, and the CI markers it
treats as one), so only the service's own start-up can be what keeps it off.
"""

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from server_process import TOKEN, running_server

# onnxruntime suppresses telemetry by itself when one of these is set (CI detection), which would
# hide a regression on a CI runner.
_ORT_CI_MARKERS = ("CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL",
                   "CODEBUILD_BUILD_ID", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER",
                   "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "ORT_RUNNING_UNIT_TESTS")
REPLY = "Hej Anna! Vi beklagar eventuella olägenheter. Jag förstår att det är frustrerande."


def fresh_environ(home) -> dict:
    """This process's environment with HOME moved and nothing that disables telemetry for us."""
    drop = {"HOME", "ORT_DISABLE_TELEMETRY", *_ORT_CI_MARKERS}
    environ = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith(("XDG_", "TONEFALL_"))}
    return {**environ, "HOME": str(home)}


def exercise(url: str) -> None:
    """What an agent's browser does: analyse a reply (sessions run, which is what ORT reports)."""
    response = httpx.post(f"{url}/v1/analyze", json={"text": REPLY},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert response.status_code == 200, response.text


def test_serve_writes_nothing_outside_its_own_directories(tiny_model_dir, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = home / ".local" / "share" / "tonefall" / "feedback.sqlite3"
    with running_server(tiny_model_dir, db, environ=fresh_environ(home)) as (_process, url):
        exercise(url)
    assert not (home / ".cache" / "Microsoft").exists()
    written = sorted(str(path.relative_to(home)) for path in home.rglob("*") if path.is_file())
    assert all(name.startswith((".local/share/tonefall/", ".config/tonefall/")) for name in written), written


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    # ptrace may be forbidden (some containers): then strace cannot trace anything.
    probe = subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], check=False, capture_output=True)
    return probe.returncode == 0


# A connect() or sendto()/sendmsg() to an IPv4/IPv6 address, such as a DNS query; the service's own
# listening socket only binds and accepts, and AF_UNIX (nscd, syslog) is not the network.
_NETWORK_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(.*sa_family=AF_INET6?\b")


def stop_traced(strace: subprocess.Popen) -> None:
    """SIGTERM the traced server itself (strace only detaches on SIGTERM) and let strace finish."""
    children = Path(f"/proc/{strace.pid}/task/{strace.pid}/children").read_text().split()
    for child in children:
        os.kill(int(child), signal.SIGTERM)
    strace.wait(30)


@pytest.mark.slow
@pytest.mark.skipif(not _strace_works(), reason="needs a working strace (make system-deps installs it)")
def test_serve_makes_no_network_attempt(tiny_model_dir, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    trace = tmp_path / "strace.txt"
    prefix = ("strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", str(trace))
    with running_server(tiny_model_dir, tmp_path / "feedback.sqlite3", environ=fresh_environ(home),
                        prefix=prefix) as (process, url):
        exercise(url)
        # onnxruntime's uploader made its first lookup about 8 s after start: stay up past that.
        time.sleep(12)
        exercise(url)
        stop_traced(process)
    calls = [line for line in trace.read_text().splitlines() if _NETWORK_CALL.search(line)]
    assert calls == []
    assert not (home / ".cache" / "Microsoft").exists()

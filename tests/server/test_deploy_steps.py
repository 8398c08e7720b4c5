"""The install steps of server/deploy/README.md work as typed, in a fresh home directory.

The commands are read from the README itself (the block under each `<!-- NAME: ... -->`
marker), so the documentation and this test cannot drift apart. The release is laid out in
the temporary HOME as the README says (~/.local/opt/tonefall, with its venv's `tonefall`);
`systemctl` and `launchctl` are stand-ins that record their arguments, since a test cannot
talk to the user's service manager. The unit is then checked by `systemd-analyze verify`.
"""

import os
import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY_README = REPO / "server" / "deploy" / "README.md"
RELEASE = Path(".local/opt/tonefall")  # under HOME, as the README and the unit files say
RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$HOME/manager-calls"\n'


def documented_steps(marker: str) -> list[str]:
    """The indented command block that follows ``<!-- marker: ... -->`` in the deploy README."""
    lines = DEPLOY_README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"<!-- {marker}:"))
    block = []
    for line in lines[start + 1:]:
        if block and not line.strip():
            break
        if line.strip():
            block.append(line.strip())
    return block


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh HOME with the release unpacked where the README puts it (no config dirs yet)."""
    release = tmp_path / RELEASE
    shutil.copytree(REPO / "server" / "deploy", release / "server" / "deploy")
    (release / "models" / "tonefall-nordic-v1").mkdir(parents=True)
    executable = release / ".venv" / "bin" / "tonefall"
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\nexit 0\n")
    executable.chmod(0o755)
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for tool in ("systemctl", "launchctl"):
        (stubs / tool).write_text(RECORDER)
        (stubs / tool).chmod(0o755)
    return tmp_path


def run_steps(home: Path, steps: list[str]) -> list[str]:
    """Run the steps in bash (stop at the first failure) from the user's home; the manager calls."""
    env = {"HOME": str(home), "PATH": f"{home / 'stubs'}:{os.environ['PATH']}", "LANG": "C.UTF-8"}
    result = subprocess.run(["bash", "-euc", "\n".join(steps)], check=False, cwd=home, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"documented steps failed:\n{result.stderr}"
    calls = home / "manager-calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_linux_steps_install_the_unit_and_enable_it(home: Path):
    steps = documented_steps("linux-install")
    calls = run_steps(home, steps)
    installed = home / ".config" / "systemd" / "user" / "tonefall.service"
    assert installed.read_bytes() == (REPO / "server/deploy/systemd/tonefall.service").read_bytes()
    assert calls == ["systemctl --user daemon-reload", "systemctl --user enable --now tonefall"]
    verify_unit(home, installed)


def verify_unit(home: Path, unit: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    # --user resolves %h to this HOME and checks that ExecStart's program exists and runs.
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    result = subprocess.run([analyze, "--user", "verify", str(unit)], check=False, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_macos_steps_write_a_valid_plist_for_this_home(home: Path):
    calls = run_steps(home, documented_steps("macos-install"))
    agent = home / "Library" / "LaunchAgents" / "com.tonefall.service.plist"
    lint_plist(agent)
    plist = plistlib.loads(agent.read_bytes())
    assert "__HOME__" not in agent.read_text()
    assert plist["ProgramArguments"][0] == str(home / RELEASE / ".venv" / "bin" / "tonefall")
    assert Path(plist["StandardErrorPath"]).parent.is_dir()  # launchd does not make the log directory
    assert calls == [f"launchctl bootstrap gui/{os.getuid()} {agent}"]


def lint_plist(path: Path) -> None:
    plutil = shutil.which("plutil")
    if plutil:  # macOS
        result = subprocess.run([plutil, "-lint", str(path)], check=False, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        plistlib.loads(path.read_bytes())

"""The deployment files speak the service's language: real flags, real settings, valid formats."""

import plistlib
import re
import shlex
from pathlib import Path

from tonefall.commands import serve
from tonefall.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "server" / "deploy"
SERVE_FLAGS = {opt for param in serve.params for opt in param.opts}


def flags(arguments: list[str]) -> set[str]:
    return {arg for arg in arguments if arg.startswith("--")}


def test_systemd_unit_runs_serve_with_real_flags():
    unit = (DEPLOY / "systemd" / "tonefall.service").read_text()
    exec_start = re.search(r"^ExecStart=(.+)$", unit, re.MULTILINE).group(1)
    arguments = shlex.split(exec_start)
    assert arguments[0].endswith("/bin/tonefall") and arguments[1] == "serve"
    assert flags(arguments) <= SERVE_FLAGS
    assert "WantedBy=default.target" in unit  # a user unit
    assert re.search(r"^UMask=0077$", unit, re.MULTILINE)  # files it makes are the user's alone


def test_launchd_plist_is_valid_and_runs_serve():
    plist = plistlib.loads((DEPLOY / "launchd" / "com.tonefall.service.plist").read_bytes())
    arguments = plist["ProgramArguments"]
    assert arguments[1] == "serve" and flags(arguments) <= SERVE_FLAGS
    assert plist["RunAtLoad"] is True
    assert plist["Umask"] == 0o077


def test_windows_task_runs_serve_with_real_flags():
    script = (DEPLOY / "windows" / "install-task.ps1").read_text()
    argument = re.search(r'-Argument "([^"]+)"', script).group(1)
    assert argument.startswith("serve ")
    assert set(re.findall(r"--[a-z-]+", argument)) <= SERVE_FLAGS


def test_dockerfile_sets_only_real_settings():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    names = set(re.findall(r"TONEFALL_([A-Z_]+)=", dockerfile))
    assert names and {name.lower() for name in names} <= set(Settings.model_fields)

"""The service must start without the training stack: no torch, no transformers."""

import subprocess
import sys


def test_api_imports_no_torch_or_transformers():
    code = ("import sys, tonefall.api, tonefall.service, tonefall.cli; "
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

"""The service must start without the training stack: no torch, no transformers."""

import subprocess
import sys


def test_api_imports_no_torch_or_transformers():
    code = ("import sys, tonefall.api, tonefall.service, tonefall.cli; "
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_report_and_cli_import_no_pandas_spark_or_plotting():
    """`tonefall report` is part of the run-time install; the Spark job's imports wait until it runs."""
    code = ("import sys, tonefall.cli, tonefall.report.run, tonefall.report.command, tonefall.cluster.command; "
            "print(sorted(m for m in ('torch', 'pandas', 'pyspark', 'pyarrow', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

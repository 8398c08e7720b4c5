"""Keep ONNX Runtime's usage telemetry off: no device id on disk, no upload to Microsoft.

The onnxruntime wheels (1.32 on Linux and macOS) carry 1DS telemetry that is on by default:
merely loading the library writes ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` (a
``deviceid`` and an event queue, ``onnxruntime.db``) and a background thread looks up
``mobile.events.data.microsoft.com``. ``onnxruntime.disable_telemetry_events()`` only drops
later events, after the id and queue exist. The full opt-out is the environment variable
``ORT_DISABLE_TELEMETRY``, which the library reads once, when it is loaded, so it has to be
in the environment before the first ``import onnxruntime`` of the process.
"""

import logging
import os
import sys

ENV_VAR = "ORT_DISABLE_TELEMETRY"


def disable_onnxruntime_telemetry() -> None:
    """Set the opt-out for this process and its children (call before importing onnxruntime)."""
    # Forced rather than setdefault: "no data leaves the machine" must not hinge on an inherited
    # ORT_DISABLE_TELEMETRY=0.
    os.environ[ENV_VAR] = "1"
    if "onnxruntime" in sys.modules:
        # Too late for this process: something imported onnxruntime before tonefall.
        logging.getLogger("tonefall").warning(
            "onnxruntime was imported before tonefall: its telemetry may be on; set %s=1 in the environment",
            ENV_VAR)

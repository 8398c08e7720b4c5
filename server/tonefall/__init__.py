"""Tonefall: a tone coach for customer-service replies (run-time package, no torch)."""

from tonefall.no_telemetry import disable_onnxruntime_telemetry

__version__ = "0.1.0"

# First thing in the package, before any submodule can import onnxruntime: the runtime reads its
# telemetry opt-out only when it is loaded.
disable_onnxruntime_telemetry()

"""Tonefall: a tone coach for customer-service replies (run-time package, no torch)."""

__version__ = "0.1.0"

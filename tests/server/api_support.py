"""Constants shared by the in-process API tests (a plain module: `conftest` is not importable by name)."""

TOKEN = "test-token-0123456789abcdef"
EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"

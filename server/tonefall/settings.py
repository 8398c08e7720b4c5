"""Service settings: one object, read from flags > environment (``TONEFALL_*``) > TOML file.

The TOML file is ``$TONEFALL_CONFIG`` if set (then it must exist), else ``config.toml`` in the
user's config directory (optional). Keys are the field names below (an unknown key is an error,
so a typo is never ignored silently), e.g.::

    port = 7373
    model = "/opt/tonefall/models/tonefall-nordic-v1"
    allowed_origins = ["chrome-extension://abcdefghijklmnopabcdefghijklmnop"]
"""

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

import tonefall
from tonefall.errors import TonefallError
from tonefall.security import MIN_TOKEN_CHARS

APP_NAME = "tonefall"
DEFAULT_MODEL_NAME = "tonefall-nordic-v1"
# Browser extensions have their own URL schemes; web pages are http(s) and never match these.
EXTENSION_ORIGINS = ["chrome-extension://*", "moz-extension://*", "safari-web-extension://*"]
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"]


def default_model_dir() -> Path:
    """``<repo>/models/tonefall-nordic-v1``, found relative to this package's source."""
    return Path(tonefall.__file__).resolve().parents[2] / "models" / DEFAULT_MODEL_NAME


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return Path(os.environ.get("TONEFALL_CONFIG") or config_dir() / "config.toml")


def config_source() -> str:
    """Which TOML file settings come from, for the log."""
    path = config_file()
    return f"config file {path}" if path.is_file() else f"no config file ({path} does not exist)"


class Settings(BaseSettings):
    """Everything the service can be told. Field ``x`` is env ``TONEFALL_X`` and TOML key ``x``."""

    model_config = SettingsConfigDict(env_prefix="TONEFALL_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address to listen on; loopback unless a team server")
    port: int = Field(7373, ge=1, le=65535)
    model: Path = Field(default_factory=default_model_dir, description="Model directory to serve")
    token: str | None = Field(None, min_length=MIN_TOKEN_CHARS, repr=False, description="Access token; default: made and kept in token_file")
    token_file: Path = Field(default_factory=lambda: config_dir() / "token")
    db: Path = Field(default_factory=lambda: data_dir() / "feedback.sqlite3", description="Feedback database")
    allowed_origins: list[str] = Field(default_factory=lambda: list(EXTENSION_ORIGINS),
                                       description="Origins allowed to call the API; * stands for one host or extension id")
    allowed_hosts: list[str] = Field(default_factory=lambda: list(LOOPBACK_HOSTS),
                                     description="Host header names accepted (DNS-rebinding guard)")
    threads: int | None = Field(None, ge=1, le=64, description="ONNX Runtime intra-op threads; default min(2, cores)")
    cache_size: int = Field(4096, ge=0, description="Sentences kept in the score cache")
    watch_model: bool = Field(False, description="Reload the model when its directory changes")
    allow_failed_gate: bool = Field(False, description="Serve a model training marked as failing its int8 agreement "
                                                       "check (model.json gate_failure); refused by default")
    watch_interval: float = Field(2.0, gt=0, description="Seconds between model directory checks")
    max_connections: int = Field(256, ge=8, le=4096,
                                 description="Open connections at most; beyond, the oldest idle or unfinished one is closed")
    read_timeout: float = Field(10.0, gt=0, description="Seconds a request's headers and body may take to arrive")
    shutdown_timeout: float = Field(5.0, gt=0, description="Seconds SIGTERM waits for requests being answered")
    report_batch: int = Field(256, ge=1, le=100_000, description="Sentences per scoring batch (and cache commit) of `tonefall report`")
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$")

    @field_validator("model", "token_file", "db", mode="after")
    @classmethod
    def _expand_user(cls, path: Path) -> Path:
        return path.expanduser()

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        # First wins: flags (init kwargs), then TONEFALL_* variables, then the TOML file.
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file())


def load_settings(**flags: Any) -> Settings:
    """Settings from flags (``None`` = not given) over env over TOML; TonefallError names a bad field."""
    given = {name: value for name, value in flags.items() if value is not None}
    named = os.environ.get("TONEFALL_CONFIG")
    if named and not Path(named).is_file():
        raise TonefallError(f"TONEFALL_CONFIG={named}: no such file")
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        if first["type"] == "extra_forbidden":  # only the TOML file can bring unknown keys
            raise TonefallError(f"{config_file()}: unknown setting '{field}' "
                                f"(known: {', '.join(Settings.model_fields)})") from exc
        raise TonefallError(f"setting '{field}': {first['msg']} (flag, TONEFALL_{field.upper()} or {config_file()})") from exc
    except ValueError as exc:  # unreadable TOML
        raise TonefallError(f"{config_file()}: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings from env and TOML (the API overrides this with its own)."""
    return load_settings()

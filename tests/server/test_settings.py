"""Settings precedence: flags > TONEFALL_* environment > TOML file > defaults."""

from pathlib import Path

import pytest
import tonefall
from tonefall.errors import TonefallError
from tonefall.settings import config_dir, default_model_dir, load_settings


def write_toml(text: str) -> Path:
    path = config_dir() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    settings = load_settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 7373)
    assert settings.model == Path(tonefall.__file__).resolve().parents[2] / "models" / "tonefall-nordic-v1"
    assert settings.model == default_model_dir()
    assert "chrome-extension://*" in settings.allowed_origins
    assert settings.token_file.parent == config_dir()


def test_flags_over_env_over_toml(monkeypatch):
    write_toml('port = 8001\nhost = "127.0.0.2"\ncache_size = 7\n')
    monkeypatch.setenv("TONEFALL_PORT", "8002")
    monkeypatch.setenv("TONEFALL_CACHE_SIZE", "9")
    settings = load_settings(port=8003, host=None)
    assert settings.port == 8003  # flag
    assert settings.cache_size == 9  # env over TOML
    assert settings.host == "127.0.0.2"  # TOML over default


def test_config_file_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "team.toml"
    path.write_text('allowed_origins = ["chrome-extension://abc"]\n')
    monkeypatch.setenv("TONEFALL_CONFIG", str(path))
    assert load_settings().allowed_origins == ["chrome-extension://abc"]


def test_token_from_env_is_not_in_repr(monkeypatch):
    monkeypatch.setenv("TONEFALL_TOKEN", "secret-token-0123456789")
    settings = load_settings()
    assert settings.token == "secret-token-0123456789"
    assert "secret-token" not in repr(settings)


def test_bad_value_names_the_setting(monkeypatch):
    monkeypatch.setenv("TONEFALL_PORT", "seventy")
    with pytest.raises(TonefallError, match="setting 'port'"):
        load_settings()


def test_bad_toml_names_the_file():
    path = write_toml("port = [\n")
    with pytest.raises(TonefallError, match=str(path)):
        load_settings()

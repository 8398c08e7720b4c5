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


def test_unknown_toml_key_is_an_error_naming_it():
    path = write_toml('port = 8001\nmax_conections = 10\n')  # a typo must not be ignored silently
    with pytest.raises(TonefallError, match=rf"{path}: unknown setting 'max_conections'"):
        load_settings()


def test_unknown_tonefall_variable_is_not_an_error(monkeypatch):
    monkeypatch.setenv("TONEFALL_SOMETHING_ELSE", "1")  # other tools may share the prefix
    assert load_settings().port == 7373


def test_missing_config_path_is_an_error_naming_it(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere.toml"
    monkeypatch.setenv("TONEFALL_CONFIG", str(missing))
    with pytest.raises(TonefallError, match=rf"TONEFALL_CONFIG={missing}: no such file"):
        load_settings()


def test_which_config_file_was_read(tmp_path, monkeypatch):
    from tonefall.settings import config_source

    assert config_source().startswith("no config file")
    path = write_toml("port = 8001\n")
    assert config_source() == f"config file {path}"


def test_service_logs_the_config_file(settings, monkeypatch):
    import io
    import logging

    from tonefall.service import build_app

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tonefall")
    logger.addHandler(handler)
    # setLevel, not .level =: only setLevel clears the logger's cache of enabled levels, which an
    # earlier test's log call may have filled; dictConfig (uvicorn) may have disabled the logger.
    old_level, old_disabled = logger.level, logger.disabled
    logger.setLevel(logging.INFO)
    logger.disabled = False
    try:
        build_app(settings).state.feedback.close()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.disabled = old_disabled
    assert "no config file" in stream.getvalue()


def test_short_token_file_is_refused_like_the_variable(tmp_path):
    from tonefall.security import load_or_create_token

    token_file = tmp_path / "token"
    token_file.write_text("short\n")
    with pytest.raises(TonefallError, match=rf"{token_file}: .*5 characters.*at least 16"):
        load_or_create_token(token_file)
    token_file.write_text("a" * 16 + "\n")
    assert load_or_create_token(token_file) == "a" * 16

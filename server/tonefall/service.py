"""Assemble the running service from settings: token, model, feedback database, app."""

import logging
import threading

from fastapi import FastAPI

from tonefall.api import create_app
from tonefall.feedback_startup import open_for_service
from tonefall.language import warm_up
from tonefall.model_holder import ModelHolder
from tonefall.security import load_or_create_token
from tonefall.settings import LOOPBACK_HOSTS, Settings, config_source

log = logging.getLogger("tonefall")


def build_app(settings: Settings) -> FastAPI:
    """Load everything the app needs; a missing or broken model raises ModelDirError here."""
    holder = ModelHolder.load(settings.model, settings.threads, settings.cache_size, settings.allow_failed_gate)
    token = load_or_create_token(settings.token_file, settings.token)
    feedback = open_for_service(settings.db)
    if settings.watch_model:
        holder.watch(settings.watch_interval)
    # The language detector takes a moment to build and load: do it now, off the startup path.
    threading.Thread(target=warm_up, name="tonefall-lang-warmup", daemon=True).start()
    if settings.host not in LOOPBACK_HOSTS:
        log.warning("listening on %s, not loopback: put TLS in front and set allowed_hosts to this server's name",
                    settings.host)
    info = holder.classifier.info
    log.info("model %s from %s (%d threads); settings: %s", info.name, settings.model, settings.threads or 0,
             config_source())
    return create_app(settings, holder, token, feedback)

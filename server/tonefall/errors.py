"""Exceptions shown to users: the CLI prints their message as one line, HTTP maps them to 4xx/503."""


class TonefallError(Exception):
    """Base class: an error whose message is written for the user, not a traceback."""


class ModelDirError(TonefallError):
    """A model directory is missing, incomplete or inconsistent; the message names file and field."""


class DataError(TonefallError):
    """Labelled data cannot be loaded; the message names file and line."""

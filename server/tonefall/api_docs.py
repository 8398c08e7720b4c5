"""/docs: Swagger UI served from this service, never from a CDN.

FastAPI's own /docs page loads Swagger UI's script and CSS from a CDN (and /redoc Google
fonts): offline it is blank, and a script from a third party would run on the service's own
origin, which the Origin allow-list trusts. Here the assets (Swagger UI 5, which reads
OpenAPI 3.1) come from the pinned ``fastapi-offline`` package, the start-up script is a file too (no inline script), and the
page carries a Content-Security-Policy that lets it load nothing but this service's own files.
"""

import importlib.util
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

DOCS_PATH = "/docs"
# Only 'self': no CDN, no inline script or style element. data: images are Swagger UI's own
# icons, inlined in its CSS (no request leaves the machine for them).
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
            "form-action 'none'; object-src 'none'; frame-ancestors 'none'")
ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript", "favicon.png": "image/png"}
INIT_SCRIPT = "docs-init.js"
# validatorUrl null: by default Swagger UI sends the schema to an online validator for a badge.
INIT_JS = """window.ui = SwaggerUIBundle({
  url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout", deepLinking: true
});
"""
PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tonefall API</title>
<link rel="icon" type="image/png" href="{DOCS_PATH}/favicon.png">
<link rel="stylesheet" href="{DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/{INIT_SCRIPT}"></script>
</body>
</html>
"""


def assets_dir() -> Path | None:
    """Swagger UI's files from the installed package, or None when it is missing."""
    spec = importlib.util.find_spec("fastapi_offline")  # its files only: its code is not used
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "static"


def install(app: FastAPI) -> None:
    """Add /docs and its assets (create the app with docs_url=None, redoc_url=None)."""
    directory = assets_dir()
    if directory is None:
        return  # no docs rather than a page that calls out to a CDN
    headers = {"Content-Security-Policy": DOCS_CSP, "Cache-Control": "no-cache"}

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(PAGE, headers=headers)

    @app.get(f"{DOCS_PATH}/{INIT_SCRIPT}", include_in_schema=False)
    def docs_init() -> Response:
        return Response(INIT_JS, media_type="text/javascript", headers=headers)

    @app.get(DOCS_PATH + "/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        if name not in ASSETS:  # a fixed list: never a path into the package directory
            raise HTTPException(404, f"no docs asset {name!r}")
        return FileResponse(directory / name, media_type=ASSETS[name], headers=headers)

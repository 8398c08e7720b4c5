"""/docs works offline: every file it loads is served by the service, and its CSP allows no other."""

import re

import pytest
from tonefall.api_docs import DOCS_PATH

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def referenced(page: str) -> list[str]:
    return REFERENCE.findall(page)


def test_docs_page_references_only_its_own_files(client):
    response = client.get(DOCS_PATH)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "http:" not in page and "https:" not in page and "//" not in page  # no CDN, no scheme-relative URL
    assert "<script>" not in page  # no inline script (the CSP would block it)
    references = referenced(page)
    assert references and all(ref.startswith(DOCS_PATH + "/") for ref in references)


def test_every_docs_file_is_served_with_the_self_only_policy(client):
    for path in [DOCS_PATH, *referenced(client.get(DOCS_PATH).text)]:
        response = client.get(path)
        assert response.status_code == 200 and response.content, path
        policy = response.headers.get_list("content-security-policy")
        docs_policy = next(p for p in policy if "default-src" in p)
        sources = set(re.findall(r"[\w-]+-src ([^;]+)", docs_policy))
        assert sources <= {"'self'", "'self' data:", "'none'"}, docs_policy  # no host, no 'unsafe-inline'


def test_start_script_loads_the_services_own_schema_and_no_validator(client):
    page = client.get(DOCS_PATH).text
    script = next(ref for ref in referenced(page) if ref.endswith("init.js"))
    source = client.get(script).text
    assert 'url: "/openapi.json"' in source
    assert "validatorUrl: null" in source  # else Swagger UI sends the schema to an online validator
    assert client.get("/openapi.json").status_code == 200


def test_cdn_pages_and_other_package_files_are_not_served(client):
    assert client.get("/redoc").status_code == 404  # FastAPI's ReDoc page loads a CDN script and Google fonts
    for name in ["redoc.standalone.js", "..%2F__init__.py", "core.py"]:
        assert client.get(f"{DOCS_PATH}/{name}").status_code == 404, name

"""`tonefall demo`: open the running service's /demo page with a fresh one-time key."""

import json
import urllib.error
import urllib.request
import webbrowser

import click

from tonefall.errors import TonefallError

WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def service_url(host: str, port: int) -> str:
    """The URL a browser on this machine uses for the service listening on host:port."""
    host = "127.0.0.1" if host in WILDCARD_HOSTS else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def demo_url(base: str, token: str, timeout: float = 10.0) -> str:
    """Ask the service for a one-time key; the demo page URL that carries it."""
    request = urllib.request.Request(f"{base}/v1/demo/keys", method="POST", data=b"",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise TonefallError(f"the service at {base} refused this computer's token (see `tonefall token`)") from exc
        raise TonefallError(f"the service at {base} answered {exc.code}: {exc.read().decode(errors='replace')}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TonefallError(f"no Tonefall service at {base}: start it with `tonefall serve`") from exc
    url = base + answer["path"]
    check_page_built(url)
    return url


def check_page_built(url: str, timeout: float = 10.0) -> None:
    """The page is built from extension/ (npm); a service started before the build has none."""
    try:
        urllib.request.urlopen(url.partition("#")[0], timeout=timeout).close()
    except urllib.error.HTTPError as exc:
        raise TonefallError("the service has no /demo page: build it with `make extension` "
                            "(npm ci && npm run build in extension/), then restart `tonefall serve`") from exc


@click.command()
@click.option("--open/--no-open", "open_browser", default=True, help="Open the page in the default browser")
@click.option("--host", default=None, help="Where the service listens [its host setting, 127.0.0.1]")
@click.option("--port", type=int, default=None, help="The service's port, as given to `tonefall serve --port` [7373]")
def demo(open_browser: bool, host: str | None, port: int | None) -> None:
    """Open the demo page: type a reply, see underlines and hover cards in any browser."""
    from tonefall.security import load_or_create_token
    from tonefall.settings import load_settings

    settings = load_settings(host=host, port=port)
    url = demo_url(service_url(settings.host, settings.port), load_or_create_token(settings.token_file, settings.token))
    click.echo(url)
    click.echo("The link works once, for two minutes.", err=True)
    if open_browser:
        webbrowser.open(url)


def register(group: click.Group) -> None:
    group.add_command(demo)

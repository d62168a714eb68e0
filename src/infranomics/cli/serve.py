"""``infranomics serve``: the HTTP API and the dashboard in one process (uvicorn)."""

from __future__ import annotations

import ipaddress

import typer

from ..errors import InputError
from .main import state
from .render import console


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. The default serves this machine only; "
                             "0.0.0.0 exposes the API to the network."),
    port: int = typer.Option(8765, "--port", help="TCP port (1-65535)."),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level: critical|error|warning|info|"
                                  "debug."),
) -> None:
    """Start the dashboard and the HTTP API at http://HOST:PORT (API docs at /api/v1/docs).

    Serves bundled data plus any --data-dir directories. Stop with Ctrl-C.
    """
    if not 1 <= port <= 65535:
        raise InputError(f"--port must be in [1, 65535], got {port}", field="--port")
    levels = ("critical", "error", "warning", "info", "debug")
    if log_level not in levels:
        from ..errors import unknown_name

        raise unknown_name("log level", log_level, levels, field="--log-level")
    import uvicorn

    from ..web import create_app

    app = create_app(catalog=state(ctx).catalog)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"infranomics dashboard: [bold]http://{shown}:{port}/[/]  ·  API docs: http://{shown}:{port}"
                  f"/api/v1/docs  ·  Ctrl-C to stop", highlight=False)
    if not _is_loopback(host):
        console.print(f"[yellow]warning:[/] binding {host} exposes the API to other machines; it has no "
                      f"authentication", highlight=False)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    except OSError as exc:  # port in use, address not available
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port") from None

"""`hirelake dashboards up | down | users`: serve the Streamlit dashboards and manage their users.

Register on the main CLI with `app.add_typer(dashboards_app, name="dashboards")`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hirelake.auth import DEMO_USERS, ensure_users, users_path
from hirelake.settings import Settings

dashboards_app = typer.Typer(help="The Streamlit dashboards with login and roles.", no_args_is_help=True)
console = Console()


def print_passwords(passwords: dict[str, str], path: str) -> None:
    """To this console only, once: the passwords exist nowhere else (the file keeps hashes)."""
    table = Table("user", "role", "departments", "password", title="Dashboard users (shown once)")
    roles = {u.username: u for u in DEMO_USERS}
    for username, password in passwords.items():
        spec = roles[username]
        table.add_row(username, spec.role, ", ".join(spec.departments), password)
    console.print(table)
    console.print(f"Hashes kept in {path} (0600). Run `hirelake dashboards users --reset` for new passwords.")


@dashboards_app.command("users")
def users_command(
    reset: Annotated[bool, typer.Option("--reset", help="Replace every user with new passwords.")] = False,
) -> None:
    """Create the demo users on first use (or replace them with --reset) and print their passwords once."""
    settings = Settings()
    path = users_path(settings)
    passwords = ensure_users(path, reset=reset)
    if passwords is None:
        console.print(f"Users already exist in {path}; --reset replaces them with new passwords.")
        return
    print_passwords(passwords, str(path))


@dashboards_app.command("up")
def up_command(
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: the dashboards setting).")
    ] = None,
) -> None:
    """Start the dashboards on 127.0.0.1 (idempotent); creates the demo users on first start."""
    from apps.serve import serve_dashboards

    settings = Settings()
    path = users_path(settings)
    passwords = ensure_users(path)
    if passwords is not None:
        print_passwords(passwords, str(path))
    with console.status("Starting the dashboards..."):
        process = serve_dashboards(settings, port)
    console.print(f"dashboards up at http://{process.host}:{process.port} (pid {process.read_pid()})")


@dashboards_app.command("down")
def down_command(
    port: Annotated[int | None, typer.Option(help="Port it was started on (default: the setting).")] = None,
) -> None:
    """Stop the dashboards by PID."""
    from apps.serve import stop_dashboards

    console.print("dashboards " + ("stopped" if stop_dashboards(Settings(), port) else "were not running"))

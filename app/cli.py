"""Flask commands: ``flask seed-demo`` and the importers each feature adds."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load clearly marked example data (idempotent)."""
    from app import demo

    for line in demo.seed_all():
        click.echo(line)


def register(app: Flask) -> None:
    """Add the app-wide commands and the shared geography's; features add theirs on their blueprints."""
    from app.geo import commands as geo_commands

    app.cli.add_command(seed_demo)
    geo_commands.register(app)

"""The directory's commands: ``flask import-openreferral`` and ``flask export-openreferral``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app

from app.directory import bp, feeds, openreferral, queries
from app.directory.openreferral import ImportFailed
from app.extensions import db


def import_file(path: Path, replace: bool = False, feed: str | None = None) -> tuple[int, list[str]]:
    """All or nothing: write every service of the file, or raise ImportFailed writing nothing."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed([f"{path}: cannot be read ({error})"]) from None
    check = feeds.check_feed(content, str(path), feed, replace)
    if check.errors:
        raise ImportFailed(check.errors)
    count = feeds.write_feed(check, replace) if not check.refused else 0
    if check.refused:
        db.session.rollback()
        raise ImportFailed(openreferral.refusal_lines(check.refused))
    db.session.commit()
    return count, check.warnings


def export_data() -> dict[str, Any]:
    services = queries.all_services()
    points = queries.location_points([link.location_id for s in services for link in s.service_locations])
    areas = queries.area_geojson([service.id for service in services])
    contents = [openreferral.service_json(service, points, areas) for service in services]
    return openreferral.page_json(contents, len(contents), 1, max(1, len(contents)))


def _echo_list(title: str, lines: list[str], err: bool = False) -> None:
    if lines:
        click.echo(title, err=err)
        for line in lines:
            click.echo(f"  - {line}", err=err)


@bp.cli.command("import-openreferral")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--feed", help="The feed's name (default: the file's name). --replace only touches this feed.")
@click.option("--skip-bad", is_flag=True, help="Import the sound services and list the refused ones.")
@click.option("--replace", is_flag=True, help="Also remove this feed's services that are not in the file.")
@click.option("--yes", is_flag=True, help="With --replace: make the changes (without it, only list them).")
def import_openreferral(file: Path, feed: str | None, skip_bad: bool, replace: bool, yes: bool) -> None:
    """Import HSDS 3.0 JSON services, updating them by id.

    Without --skip-bad, one bad service stops the whole import; with it, the bad ones are listed
    (number, name, reason) and the rest imported.
    """
    feed = feed or file.name
    try:
        content = file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{file}: cannot be read ({error})") from None
    check = feeds.check_feed(content, str(file), feed, replace)
    if check.errors:
        _echo_list(f"Nothing was imported: {file} cannot be used:", check.errors, err=True)
        raise SystemExit(1)
    _echo_list("Tidied on the way:", check.changes)
    _echo_list("Warnings:", check.warnings, err=True)
    total = len(check.rows) + len(check.refused)
    if check.refused and not skip_bad:
        _echo_list(
            f"Nothing was imported: {len(check.refused)} of {total} service(s) in {file} have problems"
            " (add --skip-bad to import the others):",
            [str(refused) for refused in check.refused],
            err=True,
        )
        raise SystemExit(1)
    if replace and not yes:
        click.echo(f"Feed {feed!r}: this would add {len(check.add)}, update {len(check.change)}"
                   f" and remove {len(check.remove)} service(s).")  # fmt: skip
        _echo_list("To add:", check.add)
        _echo_list("To update:", check.change)
        _echo_list("To remove:", check.remove)
        click.echo("Nothing was changed. Run again with --yes to make these changes.")
        return
    count = feeds.write_feed(check, replace)
    db.session.commit()
    _echo_list(
        f"Refused {len(check.refused)} service(s):", [str(refused) for refused in check.refused], err=True
    )
    removed = f", removed {len(check.remove)}" if replace else ""
    click.echo(f"Imported {count} of {total} service(s) from {file} (feed {feed!r}){removed}.")


@bp.cli.command("export-openreferral")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_openreferral(file: Path) -> None:
    """Write every service as HSDS 3.0 JSON (a page of fully nested services); '-' for standard output."""
    data = json.dumps(export_data(), indent=2, ensure_ascii=False)
    if str(file) == "-":
        click.echo(data)
    else:
        file.write_text(data + "\n", encoding="utf-8")
        click.echo(f"Exported {len(json.loads(data)['contents'])} service(s) to {file}.")
    current_app.logger.info("directory exported")

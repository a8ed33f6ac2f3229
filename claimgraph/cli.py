"""The command line: parses, calls the library, prints (DESIGN.md §6)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.ingest import read_input, read_stdin
from claimgraph.model import PUBLIC_RECORDS
from claimgraph.pipeline import analyze as analyze_document
from claimgraph.pipeline import build_pipeline, describe_stages, make_spec


class ClaimgraphGroup(click.Group):
    """A click group that turns ClaimgraphError into a one-line message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=ClaimgraphGroup)
@click.version_option(package_name="claimgraph")
def main() -> None:
    """claimgraph: sourced, graded claims from open reports."""


@main.command()
@click.argument("path")
@click.option("--published", help="Publication date (ISO); relative dates resolve against it.")
@click.option("--title", help="Document title.")
@click.option("--outlet", help="Publishing outlet.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as one JSON object.")
@click.option("--show-removed", is_flag=True, help="Also list the junk lines removed.")
@click.option(
    "--exclude", "exclude", multiple=True, metavar="STAGE", help="Skip a stage (repeatable)."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Pipeline file (YAML or TOML): exclude, replace, add or configure stages.",
)
@click.option(
    "--no-cross-document",
    is_flag=True,
    help="Skip the cross-document step (origin clusters, merged claims, grades across copies).",
)
def analyze(
    path: str,
    published: str | None,
    title: str | None,
    outlet: str | None,
    as_json: bool,
    show_removed: bool,
    exclude: tuple[str, ...],
    config_file: str | None,
    no_cross_document: bool,
) -> None:
    """Analyse one document (a file, or - for standard input) and print its dossier."""
    spec = make_spec(exclude, config_file)
    raw = read_stdin() if path == "-" else read_input(path)
    result = analyze_document(
        raw.text,
        source=raw.source,
        published=published,
        title=title,
        outlet=outlet,
        media_type=raw.media_type,
        meta=raw.document_meta(),
        spec=spec,
        cross_document=not no_cross_document,
    )
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        from claimgraph.export.terminal import print_dossier

        print_dossier(result, show_removed=show_removed)


@main.command()
@click.argument("record", required=False)
def schema(record: str | None) -> None:
    """Print the JSON Schema of the public records (or of one RECORD, e.g. Claim)."""
    schemas = {cls.__name__: cls.model_json_schema() for cls in PUBLIC_RECORDS}
    if record:
        if record not in schemas:
            raise ClaimgraphError(f"unknown record {record!r}; choose from {', '.join(schemas)}")
        click.echo(json.dumps(schemas[record], indent=2))
    else:
        click.echo(json.dumps(schemas, indent=2))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the stages as JSON.")
@click.option("--exclude", "exclude", multiple=True, metavar="STAGE", help="As for analyze.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="As for analyze.")
def stages(as_json: bool, exclude: tuple[str, ...], config_file: str | None) -> None:
    """List the per-document stages in order: name, factory, requires, assigns, resources."""
    rows = describe_stages(build_pipeline(make_spec(exclude, config_file)))
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for n, row in enumerate(rows, 1):
        click.echo(f"{n:2d}. {row['name']}  (factory {row['factory']})")
        for key in ("requires", "assigns", "resources"):
            if row[key]:
                click.echo(f"      {key}: {', '.join(row[key])}")


def _register_subcommands() -> None:
    """Attach the command groups that live beside their library code."""
    from claimgraph.eval.commands import eval_group
    from claimgraph.export.commands import register as register_export
    from claimgraph.ingest.commands import extract
    from claimgraph.models.commands import register as register_models
    from claimgraph.store.commands import register as register_store
    from claimgraph.web.commands import register as register_web

    main.add_command(eval_group)
    main.add_command(extract)
    register_store(main)
    register_export(main)
    register_web(main)
    register_models(main, eval_group)


_register_subcommands()

if __name__ == "__main__":  # python -m claimgraph.cli
    main()

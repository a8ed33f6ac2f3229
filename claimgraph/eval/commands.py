"""`claimgraph eval ...` commands."""

import click


@click.group("eval")
def eval_group() -> None:
    """Score claimgraph against gold data."""

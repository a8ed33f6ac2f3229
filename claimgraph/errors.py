"""One exception hierarchy with messages a user can act on (DESIGN.md §8)."""


class ClaimgraphError(Exception):
    """Base of every error claimgraph reports to a user; the CLI prints it without a traceback."""

    exit_code = 1


class InputError(ClaimgraphError):
    """The input cannot be read or is not a document (missing, empty, binary, too large)."""

    exit_code = 2


class UnsupportedLanguageError(InputError):
    """The document's language has no resources yet."""


class StoreError(ClaimgraphError):
    """The database cannot be opened, migrated or written."""

    exit_code = 3


class GoldFileError(ClaimgraphError):
    """A gold file for evaluation is malformed."""

    exit_code = 2


class PipelineError(ClaimgraphError):
    """The stage pipeline cannot be built or run as configured (unknown, missing or excluded
    stage, a malformed pipeline file)."""

    exit_code = 2

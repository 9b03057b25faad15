"""The `nabij` command run in the test's own process: the same commands on the same real database,
without the seconds a new interpreter takes to import them (tests/test_cli.py keeps real processes
where the process itself is what is tested)."""

from click.testing import Result
from typer.testing import CliRunner

from app.cli import cli


def nabij(database_url: str, *args: str, check: bool = True, env: dict[str, str] | None = None) -> Result:
    """`nabij ARGS` on this database, with stdout and stderr apart; with `check`, it must exit with 0."""
    result = CliRunner().invoke(cli, list(args), env={"NABIJ_DATABASE_URL": database_url, **(env or {})})
    if check:
        assert result.exit_code == 0, f"exit code {result.exit_code}: {result.output} {result.exception!r}"
    return result

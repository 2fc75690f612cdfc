"""`python -m chronicle` runs the CLI."""

from chronicle.outputs.cli import app

app(prog_name="chronicle")

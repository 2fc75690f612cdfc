"""`python -m chronicle` runs the CLI."""

from chronicle.outputs.cli import main

main()

"""The command line: ``reskontro`` (typer)."""

"""Command-line layer: one small typer module per command, over the pure stages."""

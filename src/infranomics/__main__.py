"""``python -m infranomics`` runs the CLI."""

from .cli.main import run

if __name__ == "__main__":  # pragma: no cover
    run()

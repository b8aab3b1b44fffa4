"""``python -m analystkit`` runs the same command line as the ``analystkit`` script."""

from analystkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m aftersales_core``: the ``aftersales`` command line."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover - run as a script
    raise SystemExit(main())

"""``python -m gradsim`` / the ``gradsim`` launcher: the app, or a headless subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli import SUBCOMMANDS, main as cli_main

    if argv and argv[0] in SUBCOMMANDS:
        return cli_main(argv)
    from .ui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())

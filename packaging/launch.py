"""Entry script for the frozen bundle (PyInstaller needs a file, not a console_scripts entry)."""

import sys

from gradsim.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

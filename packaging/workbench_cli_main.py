"""Entry script PyInstaller freezes into the ``workbench-cli`` console executable."""

import sys

from workbench.cli import main

if __name__ == "__main__":
    sys.exit(main())

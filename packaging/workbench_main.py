"""Entry script PyInstaller freezes into the ``workbench`` window executable."""

import sys

from workbench.ui.app import main

if __name__ == "__main__":
    sys.exit(main())

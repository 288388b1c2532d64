"""``python -m workbench.cli``, the same as ``workbench-cli``."""

import sys

from workbench.cli import main

sys.exit(main())

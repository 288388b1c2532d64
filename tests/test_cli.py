"""The command line as a shell user meets it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "sample-project.json"


def test_output_cut_short_by_a_pipe_ends_quietly() -> None:
    """`workbench-cli stats P --json | head -c 10` must not report an error for the closed pipe."""
    cli = [sys.executable, "-c", "import sys; from workbench.cli import main; sys.exit(main())"]
    pipeline = subprocess.Popen(
        [*cli, "stats", str(SAMPLE), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert pipeline.stdout is not None
    first = pipeline.stdout.read(10)
    pipeline.stdout.close()  # what `head` does once it has its bytes
    _, stderr = pipeline.communicate(timeout=60)
    assert first.startswith(b"{")
    assert stderr == b""
    assert pipeline.returncode == 0

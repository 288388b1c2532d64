"""What the project-file test modules share: the golden file and a way to write a test file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-project-v1.json"


def golden_dict() -> dict[str, Any]:
    return orjson.loads(GOLDEN.read_bytes())


def write_project(tmp_path: Path, data: dict[str, Any] | bytes) -> Path:
    path = tmp_path / "broken.wbproj"
    path.write_bytes(data if isinstance(data, bytes) else orjson.dumps(data))
    return path

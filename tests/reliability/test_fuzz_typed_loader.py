"""The quick typed loader against the validating one: never more lenient, never different.

``loads_project`` tries ``_loads_typed`` first and falls back to the validating path, so
these tests call both directly (white box) to see which one answered. Each file is also
loaded with its layers left unread and then read one annotation per step (the quick
start's way, ``project.late_layers``): the same project, or refused, when loading or reading.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from unittest.mock import patch

import orjson
import pytest
from hypothesis import given

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project import late_layers as layer_reading
from workbench.formats.project.file import (
    _loads_typed,
    dumps_project,
    loads_project,
    migrate,
    project_from_dict,
)

from .fuzz_support import FUZZ_COUNTS, FUZZ_SETTINGS, json_shape_mutations, mutated
from .test_fuzz_project import SEED, SEED_DOC, seed_edited

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "data" / "golden-project-v1.json"
SAMPLE_PROJECT = REPO / "resources" / "samples" / "sample-project.json"


def _validating(raw: bytes) -> Project:
    return project_from_dict(migrate(orjson.loads(raw)))


def _agree(raw: bytes, target: str = "typed loader: cases") -> Project | None:
    """The typed result, after checking it against the validating path's verdict.

    Counted for the fuzz summary as "accepted" when the typed path took the file.
    """
    typed = _loads_typed(raw)
    FUZZ_COUNTS.setdefault(target, Counter())["ok" if typed is not None else "refused"] += 1
    later = _read_later(raw)
    try:
        validated = _validating(raw)
    except (WorkbenchError, orjson.JSONDecodeError):
        assert typed is None, "the typed loader took a file the validating loader refuses"
        assert later is None, "a layer read later took what the validating loader refuses"
        return None
    if typed is not None:
        assert typed == validated
        assert typed.positions() == validated.positions()
    assert later is not None
    assert later == validated
    assert later.annotators() == list(validated.annotators())
    return typed


def _read_later(raw: bytes) -> Project | None:
    """The project loaded with no layer read, then each read an annotation per step; None
    when refused on the way."""
    with patch.object(layer_reading, "STEP_BYTES", 1):
        try:
            project = loads_project(raw, first_layer="\0no one")
            while not project.read_layers_step():
                pass
        except WorkbenchError:
            return None
    return project


@pytest.mark.parametrize(
    "raw", [GOLDEN.read_bytes(), SAMPLE_PROJECT.read_bytes(), SEED], ids=["golden", "sample", "seed"]
)
def test_valid_files_take_the_typed_path_and_read_the_same(raw: bytes) -> None:
    project = _agree(raw)
    assert project is not None
    assert any(a.spans for layer in project.read_every_layer().values() for a in layer.values())
    assert dumps_project(project) == dumps_project(_validating(raw))


REFUSED_BY_BOTH = {
    "unknown entry field": (("entries", 0, "colour"), "red"),
    "unknown annotation field": (("layers", "ana", "e-0", "score"), 1),
    "unknown span field": (("layers", "ana", "e-0", "spans", 0, "label"), "x"),
    "position as a float": (("entries", 0, "position"), 1.0),
    "negative position": (("entries", 0, "position"), -1),
    "position true": (("entries", 0, "position"), True),
    "unknown status": (("layers", "ana", "e-1", "status"), "maybe"),
    "null code": (("layers", "ana", "e-1", "values", "stance"), None),
    "span past the text": (("layers", "ana", "e-0", "spans", 0, "end"), 500),
    "empty span": (("layers", "ana", "e-0", "spans", 0, "end"), 0),
    "no such dispatch": (("entries", 1, "dispatch_id"), "d-9"),
    "duplicate entry id": (("entries", 1, "id"), "e-0"),
    "30 February": (("entries", 0, "timestamp"), "2024-02-30T09:00:00"),
    "time with a zone": (("entries", 0, "timestamp"), "2024-03-02T09:00:00Z"),
    "UTC time without Z": (("entries", 1, "utc"), "2024-03-02T06:00:00"),
    "UTC time with an offset": (("entries", 1, "utc"), "2024-03-02T06:00:00+00:00"),
    "UTC time on 30 February": (("entries", 1, "utc"), "2024-02-30T06:00:00Z"),
    "UTC time without seconds": (("entries", 0, "utc"), "2024-03-02T06:00Z"),
    "heading as a number": (("entries", 0, "heading"), 1),
    "zone as a list": (("entries", 1, "zone"), ["EET"]),
    "annotation of no entry": (("layers", "ana", "e-7"), {"note": "lost"}),
    "meta too deep": (("meta",), orjson.loads(b"[" * 70 + b"]" * 70)),
    "unknown top-level field": (("extra",), {}),
    "newer version": (("version",), 4),
    "assisted unknown source": (
        ("layers", "ana", "e-1", "assisted", "event_type", "AGREE", "source"),
        "oracle",
    ),
    "assisted score above 1": (("layers", "ana", "e-1", "assisted", "event_type", "AGREE", "score"), 1.5),
    "assisted value not coded": (
        ("layers", "ana", "e-1", "assisted", "event_type", "AID"),
        {"source": "model", "version": "v"},
    ),
    "assisted confirmed as a string": (
        ("layers", "ana", "e-1", "assisted", "event_type", "AGREE", "confirmed"),
        "yes",
    ),
    "prediction of no entry": (("predictions", "scores", "e-9"), {}),
    "prediction of an unknown code": (("predictions", "scores", "e-0", "stance", "maybe"), 0.5),
    "prediction score below 0": (("predictions", "scores", "e-0", "stance", "favor"), -0.5),
    "missing entry field": (("entries", 0), {"id": "e-0", "dispatch_id": "d-1", "position": 0, "text": "x"}),
}


@pytest.mark.parametrize("case", list(REFUSED_BY_BOTH))
def test_what_the_validating_loader_refuses_the_typed_one_leaves_to_it(case: str) -> None:
    path, value = REFUSED_BY_BOTH[case]
    raw = seed_edited(path, value)
    with pytest.raises(WorkbenchError):
        _validating(raw)
    assert _loads_typed(raw) is None
    saved_layout = orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2)
    assert _read_later(raw) is None
    assert _read_later(saved_layout) is None


def test_a_position_past_int64_is_left_to_the_validating_loader_which_takes_it() -> None:
    raw = seed_edited(("entries", 0, "position"), 2**63)
    assert _loads_typed(raw) is None
    assert _validating(raw).entries[0].position == 2**63


def test_repeated_keys_mean_the_last_one_on_both_paths() -> None:
    raw = SEED.replace(b'"text":', b'"text":"first","text":', 1)
    assert _agree(raw) is not None


def test_lone_surrogates_and_deep_nesting_are_refused_by_both() -> None:
    lone_surrogate = SEED.replace(b"Officials", b"\\ud800fficials", 1)
    deep = SEED.replace(b'"meta": {', b'"meta": {"x": ' + b"[" * 5000 + b"]" * 5000 + b",", 1)
    for raw in (lone_surrogate, deep):
        assert raw != SEED
        assert _agree(raw) is None


@FUZZ_SETTINGS
@given(json_shape_mutations([SEED_DOC]))
def test_mistyped_files_read_the_same_or_are_left_to_the_validating_loader(data: bytes) -> None:
    _agree(data, "typed loader: JSON shapes")


@FUZZ_SETTINGS
@given(mutated([SEED, dumps_project(project_from_dict(SEED_DOC))]))
def test_mutated_bytes_read_the_same_or_are_left_to_the_validating_loader(data: bytes) -> None:
    _agree(data, "typed loader: bytes")

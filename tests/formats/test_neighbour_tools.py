"""doccano and Label Studio exports, with their labels mapped onto the codebook."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Span
from workbench.formats.importers.label_mapping import LabelMapper
from workbench.formats.importers.reading import import_paths, read_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "import"
PLOVER = builtin_codebook("plover")


def _by_text(batch):  # type: ignore[no-untyped-def]
    return {e.text: e for e in batch.entries}


def test_doccano_spans_classes_and_user_field() -> None:
    batch = import_paths([FIXTURES / "doccano-spans.jsonl"], PLOVER)
    entries = _by_text(batch)
    assert len(batch.dispatches) == 3
    first = entries["Envoy Lina Park met officials in Ankara."]
    ann = batch.layers["chiara"][first.id]
    assert ann.values == {"stance": "favor"}
    assert ann.spans == [Span(6, 15, "mention", "PER"), Span(32, 38, "mention", "LOC")]
    assert first.text[6:15] == "Lina Park"
    assert ann.status == "done"
    # No user field: the layer is named after the file; the emoji is one code point.
    second = entries["Protesters 🚩 gathered outside the UN office."]
    ann2 = batch.layers["doccano-spans"][second.id]
    assert second.text[34:43] == "UN office"
    assert ann2.spans == [Span(34, 43, "mention", "ORG")]
    assert ann2.values == {"actor": ["NGO", "XYZ NEW"]}  # the open actor dimension takes new values
    # Nothing is silently dropped.
    assert any("'sarcasm'" in p and "matches no codebook value" in p for p in batch.problems)
    assert any("'MISC'" in p for p in batch.problems)
    assert any("second value 'neutral'" in p for p in batch.problems)
    uncoded = entries["Nothing coded here."]
    assert all(uncoded.id not in layer for layer in batch.layers.values())


def test_older_doccano_labels_key_and_annotator_argument() -> None:
    batch = import_paths([FIXTURES / "doccano-old.jsonl"], PLOVER, annotator="zoe")
    (entry,) = batch.entries
    assert batch.layers["zoe"][entry.id].values == {"event_type": ["REJECT"], "stance": "against"}


def test_label_studio_choices_spans_notes_and_users() -> None:
    batch = import_paths([FIXTURES / "label-studio.json"], PLOVER)
    entries = _by_text(batch)
    truce = entries["Turkey and Russia agreed to extend the truce 🕊 in Idlib."]
    ann = batch.layers["dmitri@example.org"][truce.id]
    assert ann.values == {"stance": "favor", "event_type": ["AGREE"]}
    assert ann.spans == [Span(0, 6, "mention", "LOC"), Span(50, 55, "mention", "LOC")]
    assert ann.note == "check the date"
    assert any("span 11-17 does not match its text 'Turkey'" in p for p in batch.problems)
    assert "4" not in batch.layers  # the cancelled annotation is not imported
    aid = entries["Aid trucks crossed the border at dawn."]
    assert batch.layers["5"][aid.id].values == {"stance": "neutral"}


def test_label_studio_annotator_argument_wins_and_conflicts_are_reported(tmp_path: Path) -> None:
    task = {
        "data": {"text": "Talks resumed."},
        "annotations": [
            {
                "completed_by": 1,
                "result": [{"type": "choices", "from_name": "stance", "value": {"choices": ["favor"]}}],
            },
            {
                "completed_by": 2,
                "result": [{"type": "choices", "from_name": "stance", "value": {"choices": ["against"]}}],
            },
        ],
    }
    path = tmp_path / "one-task.json"
    path.write_bytes(orjson.dumps(task))
    batch = import_paths([path], PLOVER, annotator="zoe")
    (entry,) = batch.entries
    assert batch.layers == {"zoe": {entry.id: batch.layers["zoe"][entry.id]}}
    assert batch.layers["zoe"][entry.id].values == {"stance": "favor"}
    assert any("second annotation by zoe" in p for p in batch.problems)


def test_label_mapping_rules() -> None:
    mapper = LabelMapper(PLOVER)
    assert [(d.key, v) for d, v in [mapper.map("stance:Against", span=False)]] == [("stance", "against")]  # type: ignore[misc]
    found = mapper.map("Favor", span=False)
    assert found is not None and (found[0].key, found[1]) == ("stance", "favor")
    found = mapper.map("Syrian rebels", span=False)  # a value's label, not its key
    assert found is not None and (found[0].key, found[1]) == ("actor", "SYR REB")
    found = mapper.map("org", span=True)
    assert found is not None and (found[0].key, found[1]) == ("mention", "ORG")
    assert mapper.map("ORG", span=False) is None  # a span label used as a class
    assert mapper.map("stance:maybe", span=False) is None
    assert mapper.map("mention:PER", span=False) is None
    problems = mapper.problems("f.jsonl")
    assert "f.jsonl: label 'stance:maybe' is not a value of dimension 'stance'; not imported" in problems
    assert any("'mention:PER'" in p and "marks no text" in p for p in problems)
    assert any("'ORG'" in p and "matches no codebook value" in p for p in problems)


def test_unknown_labels_are_counted_once_per_label(tmp_path: Path) -> None:
    lines = [orjson.dumps({"text": f"Text {i}.", "label": ["sarcasm"]}) for i in range(3)]
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\n".join(lines))
    batch = import_paths([path], PLOVER)
    assert [p for p in batch.problems if "sarcasm" in p] == [
        f"{path}: label 'sarcasm' (3 times) matches no codebook value; not imported"
    ]
    assert len(batch.entries) == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.jsonl", b'{"text": "ok"}\n{"text": 5}\n', "line 2: expected an object with a string 'text'"),
        ("b.jsonl", b'{"text": "x", "label": [[0, "1", "PER"]]}\n', "integer start and end"),
        ("c.json", b'[{"data": {"n": 1}}]', "task data holds no text"),
        (
            "d.json",
            b'[{"data": {"text": "x"}, "annotations": [{"result": [{"type": "labels"}]}]}]',
            "'value'",
        ),
    ],
)
def test_malformed_exports(name: str, data: bytes, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message):
        read_bytes(data, name, PLOVER)

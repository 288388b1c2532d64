"""Imports from other tools keep every text and land every span on the words it marked."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import orjson
import pytest

from workbench.cli import main
from workbench.core.codebook import builtin_codebook
from workbench.formats.importers.reading import import_paths
from workbench.formats.project.file import load_project

PLOVER = builtin_codebook("plover")
COMPOSED = "Talks in Montréal at the Café Lumière ended early."
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _doccano(path: Path, text: str, word: str, user: str) -> Path:
    start = text.index(word)
    line = {"text": text, "label": [[start, start + len(word), "LOC"]], "user": user}
    path.write_bytes(orjson.dumps(line) + b"\n")
    return path


def _marked(project_file: Path) -> dict[str, list[str]]:
    project = load_project(project_file)
    texts = {e.id: e.text for e in project.entries}
    return {
        name: [texts[entry_id][s.start : s.end] for entry_id, ann in layer.items() for s in ann.spans]
        for name, layer in project.read_every_layer().items()
    }


@pytest.mark.parametrize("together", [True, False], ids=["one-import", "two-imports"])
def test_composed_and_decomposed_texts_keep_each_annotators_words(
    tmp_path: Path, together: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _doccano(tmp_path / "ann.jsonl", COMPOSED, "Montréal", "ann")
    word = unicodedata.normalize("NFD", "Montréal")
    second = _doccano(tmp_path / "bo.jsonl", DECOMPOSED, word, "bo")
    project = tmp_path / "p.json"
    if together:
        assert main(["import", str(first), str(second), "-o", str(project)]) == 0
    else:
        assert main(["import", str(first), "-o", str(project)]) == 0
        assert main(["import", str(second), "-o", str(project)]) == 0
    marked = _marked(project)  # loads: the project opens
    assert marked == {"ann": ["Montréal"], "bo": ["Montréal"]}
    assert len(load_project(project).entries) == 1  # the two annotators share the entry
    assert main(["validate", str(project)]) == 0


def test_texts_differing_in_case_or_spacing_are_different_entries(tmp_path: Path) -> None:
    lines = [
        {"text": "Visit  Paris now", "label": [[7, 12, "LOC"]], "user": "ann"},
        {"text": "visit paris now", "label": [[6, 11, "LOC"]], "user": "ann"},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in lines))
    batch = import_paths([path], PLOVER)
    assert sorted(e.text for e in batch.entries) == ["Visit  Paris now", "visit paris now"]
    texts = {e.id: e.text for e in batch.entries}
    marked = sorted(texts[i][s.start : s.end] for i, a in batch.layers["ann"].items() for s in a.spans)
    assert marked == ["Paris", "paris"]
    assert not any("second annotation" in p for p in batch.problems)


def _import_one(tmp_path: Path, name: str, content: object, lines: bool = False):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    items = content if isinstance(content, list) else [content]
    path.write_bytes(b"\n".join(orjson.dumps(i) for i in items) if lines else orjson.dumps(content))
    batch = import_paths([path], PLOVER)
    texts = {e.id: e.text for e in batch.entries}
    marked = {
        name: sorted(texts[i][s.start : s.end] for i, a in layer.items() for s in a.spans)
        for name, layer in batch.layers.items()
    }
    return batch, marked


def test_doccano_entity_lists_are_read(tmp_path: Path) -> None:
    line = {"text": "Ministers arrived in Ankara today.", "entities": [[21, 27, "LOC"]], "user": "ann"}
    _, marked = _import_one(tmp_path, "ents.jsonl", line, lines=True)
    assert marked == {"ann": ["Ankara"]}


def test_label_studio_relations_are_counted_not_refused(tmp_path: Path) -> None:
    text = "Lina Park met envoys in Ankara."
    result = [
        {
            "id": "a",
            "type": "labels",
            "from_name": "label",
            "value": {"start": 0, "end": 9, "labels": ["PER"]},
        },
        {
            "id": "b",
            "type": "labels",
            "from_name": "label",
            "value": {"start": 24, "end": 30, "labels": ["LOC"]},
        },
        {"type": "relation", "from_id": "a", "to_id": "b", "direction": "right", "labels": ["visits"]},
    ]
    task = [{"data": {"text": text}, "annotations": [{"completed_by": 7, "result": result}]}]
    batch, marked = _import_one(tmp_path, "rel.json", task)
    assert marked == {"7": ["Ankara", "Lina Park"]}
    assert any("1 relation" in p and "not imported" in p for p in batch.problems)


def test_label_studio_json_min_export_is_read(tmp_path: Path) -> None:
    items = [
        {
            "id": 3,
            "text": "Rebels in Idlib rejected the truce.",
            "label": [{"start": 10, "end": 15, "text": "Idlib", "labels": ["LOC"]}],
            "stance": "against",
            "annotator": "mira@example.org",
            "annotation_id": 11,
            "created_at": "2024-05-01T10:00:00.000000Z",
            "updated_at": "2024-05-01T10:00:00.000000Z",
            "lead_time": 12.5,
        }
    ]
    batch, marked = _import_one(tmp_path, "min.json", items)
    assert marked == {"mira@example.org": ["Idlib"]}
    (annotation,) = batch.layers["mira@example.org"].values()
    assert annotation.values == {"stance": "against"}


def test_label_studio_text_is_not_taken_from_an_image_url(tmp_path: Path) -> None:
    task = {"data": {"image": "https://example.org/photo.jpg", "caption": "Crowds filled the square."}}
    batch, _ = _import_one(tmp_path, "img.json", [task])
    assert [e.text for e in batch.entries] == ["Crowds filled the square."]


def test_label_studio_ambiguous_text_fields_ask_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task = {"data": {"title": "Port strike", "body": "Dockers walked out at dawn."}}
    path = tmp_path / "two.json"
    path.write_bytes(orjson.dumps([task]))
    project = tmp_path / "p.json"
    assert main(["import", str(path), "-o", str(project)]) != 0
    err = capsys.readouterr().err
    assert "two.json" in err and "--text-field" in err and "'title'" in err and "'body'" in err
    assert not project.exists()
    assert main(["import", str(path), "-o", str(project), "--text-field", "body"]) == 0
    assert [e.text for e in load_project(project).entries] == ["Dockers walked out at dawn."]


NITF = (
    "<nitf><head><title>Head title</title></head><body><body.head><hedline><hl1>Talks</hl1></hedline>"
    "</body.head><body.content><p>Envoys met in Geneva.</p><p>Talks resume Monday.</p></body.content></body></nitf>"
)


def test_ninjs_prefers_the_plain_text_body_over_an_earlier_nitf_one(tmp_path: Path) -> None:
    item = {
        "uri": "urn:example:1",
        "headlines": [{"role": "main", "value": "Talks"}],
        "bodies": [
            {"role": "main", "contentType": "application/nitf+xml", "value": NITF},
            {"role": "main", "contentType": "text/plain", "value": "Envoys met in Geneva."},
        ],
    }
    batch, _ = _import_one(tmp_path, "n3.json", item)
    assert [e.text for e in batch.entries] == ["Envoys met in Geneva."]


def test_ninjs_nitf_as_the_only_body_is_reduced_to_its_text(tmp_path: Path) -> None:
    item = {"uri": "urn:example:2", "bodies": [{"contentType": "application/nitf+xml", "value": NITF}]}
    batch, _ = _import_one(tmp_path, "nitf.json", item)
    assert [e.text for e in batch.entries] == ["Envoys met in Geneva.\n\nTalks resume Monday."]


def test_doccano_meta_comments_and_relations_are_kept_or_counted(tmp_path: Path) -> None:
    line = {
        "text": "Lina Park met envoys in Ankara.",
        "label": [[0, 9, "PER"], [24, 30, "LOC"]],
        "meta": {"source": "wire-7"},
        "Comments": ["check the actor"],
        "relations": [{"id": 1, "from_id": 0, "to_id": 1, "type": "visits"}],
        "user": "ann",
    }
    batch, marked = _import_one(tmp_path, "rich.jsonl", line, lines=True)
    assert marked == {"ann": ["Ankara", "Lina Park"]}
    (dispatch,) = batch.dispatches
    assert dispatch.meta["doccano"] == {"meta": {"source": "wire-7"}}
    (annotation,) = batch.layers["ann"].values()
    assert annotation.note == "check the actor"
    assert any("1 relation" in p and "not imported" in p for p in batch.problems)


def test_label_studio_predictions_and_drafts_are_kept_and_counted(tmp_path: Path) -> None:
    guess = [{"type": "choices", "from_name": "stance", "value": {"choices": ["favor"]}}]
    task = {
        "data": {"text": "The council backed the plan."},
        "annotations": [],
        "predictions": [{"model_version": "v1", "score": 0.8, "result": guess}],
        "drafts": [{"user": "bo", "result": guess}],
    }
    project = tmp_path / "p.json"
    path = tmp_path / "pred.json"
    path.write_bytes(orjson.dumps([task]))
    batch = import_paths([path], PLOVER)
    assert any("1 prediction" in p for p in batch.problems) and any("1 draft" in p for p in batch.problems)
    assert main(["import", str(path), "-o", str(project)]) == 0
    (dispatch,) = load_project(project).dispatches.values()
    assert dispatch.meta["label_studio"]["predictions"][0]["model_version"] == "v1"
    assert dispatch.meta["label_studio"]["drafts"][0]["user"] == "bo"


def test_ninjs_1_body_and_headline_siblings_are_read(tmp_path: Path) -> None:
    items = [
        {"uri": "urn:example:10", "headline_main": "Harbour reopens", "body_main": "Ships sailed at noon."},
        {"uri": "urn:example:11", "body_xhtml": "<div><p>Rain fell.</p><p>Roads shut.</p></div>"},
    ]
    batch, _ = _import_one(tmp_path, "ninjs1.json", items)
    assert [e.text for e in batch.entries] == ["Ships sailed at noon.", "Rain fell.\n\nRoads shut."]
    assert batch.dispatches[0].title == "Harbour reopens"


def test_ninjs_people_places_and_language_are_kept(tmp_path: Path) -> None:
    item = {
        "uri": "urn:example:12",
        "headline": "Summit",
        "body_text": "Leaders met.",
        "language": "en",
        "byline": "Mira Osei",
        "description_text": "A short summit.",
        "subjects": [{"name": "diplomacy", "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000"}],
        "places": [{"name": "Geneva"}],
        "people": [{"name": "Lina Park"}],
        "organisations": [{"name": "UN"}],
    }
    batch, _ = _import_one(tmp_path, "meta.json", item)
    kept = batch.dispatches[0].meta["ninjs"]
    assert kept["language"] == "en" and kept["byline"] == "Mira Osei"
    assert kept["description_text"] == "A short summit."
    assert kept["places"] == [{"name": "Geneva"}] and kept["people"] == [{"name": "Lina Park"}]
    assert kept["organisations"] == [{"name": "UN"}] and kept["subjects"][0]["name"] == "diplomacy"

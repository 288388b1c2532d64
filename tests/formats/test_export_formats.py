"""Each export format on a small project with emoji and Arabic text: offsets stay exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest
from brat_strict import read_folder

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project, Provenance
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.splits import SplitSpec
from workbench.formats.exporters.training_records import records_to_batch
from workbench.formats.exporters.which_layer import choose_layer
from workbench.formats.project.file import load_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


@pytest.fixture
def project() -> Project:
    return load_project(FIXTURE)


def _export(project: Project, fmt: str, out: Path, layer: str = "amira", **options) -> object:
    return run_export(project, ExportOptions(format=fmt, layer=layer, **options), out)


def _strip(annotation):
    copy = annotation.copy()
    copy.modified = None
    copy.decided = None  # the reviewer's bookkeeping stays in the project file
    return copy


# --- JSONL -------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", ["amira", "ben", "gold", "majority"])
def test_jsonl_round_trip_gives_the_same_annotations(project: Project, tmp_path: Path, layer: str) -> None:
    out = tmp_path / "corpus.jsonl"
    summary = _export(project, "jsonl", out, layer)
    batch = records_to_batch(out.read_bytes(), str(out), "someone")
    assert [e.id for e in batch.entries] == [e.id for e in project.entries]
    assert [e.text for e in batch.entries] == [e.text for e in project.entries]
    expected = choose_layer(project, layer).annotations  # gold as computed: agreement and decisions
    got = batch.layers[layer]
    assert set(got) == set(expected)
    for entry_id, annotation in expected.items():
        assert got[entry_id] == _strip(annotation), entry_id
    assert summary.records == len(project.entries)


def test_jsonl_records_share_one_schema_and_span_texts_match(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    _export(project, "jsonl", out, "ben")
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len({tuple(r) for r in records}) == 1
    assert len({tuple(r["labels"]) for r in records}) == 1
    assert all(r["split"] is None for r in records)
    uncoded = [r for r in records if r["id"] not in project.layer("ben")]
    assert uncoded and all(v is None for r in uncoded for v in r["labels"].values())
    spans = [(r["text"], s) for r in records for s in r["spans"]]
    assert any(ord(ch) > 0x1F000 for text, _ in spans for ch in text)  # emoji before a span
    assert any("\u0600" <= ch <= "\u06ff" for _, s in spans for ch in s["text"])  # Arabic span
    for text, span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_jsonl_loads_with_pyarrow_as_one_table(project: Project, tmp_path: Path) -> None:
    pa_json = pytest.importorskip("pyarrow.json")
    out = tmp_path / "corpus.jsonl"
    _export(project, "jsonl", out, "amira", split=SplitSpec((0.5, 0.5), 1))
    table = pa_json.read_json(out)
    assert table.num_rows == len(project.entries)
    assert set(table.column("split").to_pylist()) <= {"train", "test"}
    assert table.schema.field("labels").type.num_fields == 3


# --- CSV ---------------------------------------------------------------------------------


def test_csv_neutralises_formulas_and_joins_multi_values(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.csv"
    _export(project, "csv", out, "amira")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_id = {row["id"]: row for row in rows}
    formula = project.entries[2]
    assert by_id[formula.id]["text"] == "'" + formula.text
    assert by_id[formula.id]["note"].startswith("'=HYPERLINK")
    dashed = project.entries[4]
    assert by_id[dashed.id]["text"] == "'" + dashed.text  # multi-line text kept whole
    arabic = project.entries[1]
    assert by_id[arabic.id]["actor"] == "UNO; NGO"
    assert "ORG 17-30 الأمم المتحدة" in by_id[arabic.id]["mention"]
    for row in rows:
        assert not row["text"].startswith(("=", "+", "-", "@"))


def test_csv_lists_assisted_values_in_a_last_column_only_when_there_are_some(
    project: Project, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.csv"
    _export(project, "csv", plain, "amira")
    assert "assisted" not in plain.read_text(encoding="utf-8-sig").splitlines()[0]
    arabic = project.entries[1]
    ann = project.annotation("amira", arabic.id)
    assert ann is not None
    ann.assisted = {"actor": {"NGO": Provenance("model", "actor#2", 0.61, True)}}
    out = tmp_path / "corpus.csv"
    _export(project, "csv", out, "amira")
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert list(rows[0])[-1] == "assisted"
    by_id = {row["id"]: row["assisted"] for row in rows}
    assert by_id[arabic.id] == "actor:NGO model actor#2 0.61 confirmed"
    assert sum(1 for cell in by_id.values() if cell) == 1


# --- CoNLL -------------------------------------------------------------------------------


def _conll_entities(data: str) -> list[tuple[str, str]]:
    entities: list[tuple[str, str]] = []
    for line in data.splitlines():
        if not line or line.startswith("-DOCSTART-"):
            continue
        token, _pos, _chunk, tag = line.split(" ")
        if tag.startswith("B-"):
            entities.append((tag[2:], token))
        elif tag.startswith("I-"):
            label, text = entities[-1]
            entities[-1] = (label, f"{text} {token}")
    return entities


def test_conll_tags_arabic_and_emoji_text_and_separates_documents(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.conll"
    summary = _export(project, "conll", out, "amira")
    data = out.read_text(encoding="utf-8")
    assert data.count("-DOCSTART- -X- O O") == len(project.dispatches)
    entities = _conll_entities(data)
    assert ("ORG", "الأمم المتحدة") in entities
    assert ("PER", "Mira Haddad") in entities
    assert ("LOC", "المعبر") in entities
    assert summary.unaligned == []
    assert "\n\n" in data and all(len(line.split(" ")) == 4 for line in data.splitlines() if line)


def test_conll_reports_and_expands_spans_inside_tokens(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.conll"
    summary = _export(project, "conll", out, "ben")  # ben marked "ra Haddad"
    entry = project.entries[3]
    assert len(summary.unaligned) == 1 and summary.unaligned[0].startswith(entry.id)
    assert "expanded" in summary.unaligned[0]
    assert ("PER", "Mira Haddad") in _conll_entities(out.read_text(encoding="utf-8"))
    assert any("not on token boundaries" in line and entry.id in line for line in summary.lines())


def test_conll_with_split_writes_one_file_per_split(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "conll"
    summary = _export(project, "conll", out, "amira", split=SplitSpec((0.4, 0.3, 0.3), 2))
    assert sorted(p.name for p in out.iterdir()) == [
        "dev.conll",
        "manifest.json",
        "test.conll",
        "train.conll",
    ]
    docs = sum((out / f"{n}.conll").read_text().count("-DOCSTART-") for n in ("train", "dev", "test"))
    assert docs == len(project.dispatches)
    assert sum(summary.per_split.values()) == len(project.entries)


# --- brat --------------------------------------------------------------------------------


def test_brat_offsets_point_at_the_same_text(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(project, "brat", out, "amira")
    conf = (out / "annotation.conf").read_text()
    assert "[entities]" in conf and "PER" in conf and "stance\tArg:Entry, Value:against|neutral|favor" in conf
    docs = read_folder(out)
    assert len(docs) == len(project.dispatches)
    labels_seen = {kind for doc in docs.values() for kind, _, _ in doc.textbounds.values()}
    assert {"Entry", "PER", "ORG", "LOC"} <= labels_seen
    attributes = {kind for doc in docs.values() for kind, _, _ in doc.attributes}
    assert "stance" in attributes and any(kind.startswith("actor_") for kind in attributes)


def test_brat_refuses_to_replace_a_folder_that_is_not_an_export(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(WorkbenchError, match="not an earlier export"):
        _export(project, "brat", out, "amira")
    assert (out / "thesis.docx").read_text() == "precious"
    again = tmp_path / "brat"
    _export(project, "brat", again, "amira")
    _export(project, "brat", again, "ben")  # an earlier export is replaced whole
    assert "ben" in (again / "manifest.json").read_text()


# --- spaCy -------------------------------------------------------------------------------


def test_spacy_docbin_keeps_spans_cats_and_reports_unaligned(project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "corpus.spacy"
    summary = _export(project, "spacy", out, "ben")
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    assert [d.text for d in docs] == [e.text for e in project.entries]
    layer = project.layer("ben")
    for doc, entry in zip(docs, project.entries, strict=True):
        assert doc.user_data["id"] == entry.id
        annotation = layer.get(entry.id)
        spans = annotation.spans if annotation else []
        assert len(doc.spans["sc"]) == len(spans)
        assert len(doc.spans["mention"]) == len(spans)
        for made, span in zip(doc.spans["sc"], spans, strict=True):
            assert made.label_ == span.value
            aligned = made.start_char == span.start and made.end_char == span.end
            assert aligned or f"{entry.id} {span.start}-{span.end}" in " ".join(summary.unaligned)
        if annotation and "stance" in annotation.values:
            assert doc.cats[f"stance:{annotation.values['stance']}"] == 1.0
            assert sum(v for k, v in doc.cats.items() if k.startswith("stance:")) == 1.0
        else:
            assert not any(k.startswith("stance:") for k in doc.cats)
    arabic = docs[1]
    assert [s.text for s in arabic.spans["sc"]] == ["الأمم المتحدة"]
    assert [e.text for e in docs[0].ents] == ["Tomas Arkel", "🕊"]
    assert len(summary.unaligned) == 1


def test_spacy_missing_says_to_install_the_extra(project: Project, tmp_path: Path, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("no spacy here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    out = tmp_path / "corpus.spacy"
    with pytest.raises(WorkbenchError, match=r"install the export extra .*media-workbench\[export\]"):
        _export(project, "spacy", out, "amira")
    assert list(tmp_path.iterdir()) == []


# --- leaving nothing half-written ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll", "brat", "qdpx"])
def test_cancelled_export_leaves_nothing(project: Project, tmp_path: Path, fmt: str) -> None:
    from workbench.core.errors import Cancelled

    out = tmp_path / f"out.{fmt}"
    (tmp_path / "other.txt").write_text("kept")
    calls: list[int] = []
    checks_before_cancel = 1 if fmt == "brat" else 0  # brat: cancel after one dispatch is written

    def cancel_soon() -> bool:
        calls.append(1)
        return len(calls) > checks_before_cancel

    with pytest.raises(Cancelled):
        run_export(project, ExportOptions(format=fmt, layer="amira"), out, cancelled=cancel_soon)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt"]


def test_stdout_only_for_text_formats(project: Project) -> None:
    sink = io.BytesIO()
    run_export(project, ExportOptions(format="jsonl", layer="amira"), "-", stdout=sink)
    assert sink.getvalue().count(b"\n") == len(project.entries)
    with pytest.raises(WorkbenchError, match="cannot be written to standard output"):
        run_export(project, ExportOptions(format="qdpx", layer="amira"), "-", stdout=sink)


def test_subsets_done_adjudicated_and_filter(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"

    def ids(**options) -> list[str]:
        run_export(project, ExportOptions(format="jsonl", **options), out)
        return [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()]

    done = [e.id for e in project.entries if (a := project.layer("amira").get(e.id)) and a.status == "done"]
    assert ids(layer="amira", subset="done") == done
    assert ids(layer="amira", subset="adjudicated") == [
        e.id for e in project.entries if e.id in project.layer("gold")
    ]
    assert ids(layer="amira", subset="filter", indices=[5, 1, 99]) == [
        project.entries[1].id,
        project.entries[5].id,
    ]
    with pytest.raises(WorkbenchError, match="nothing to export"):
        ids(layer="amira", subset="filter", indices=[])


def test_jsonl_export_imports_back_through_import_paths(project: Project, tmp_path: Path) -> None:
    from workbench.formats.importers.reading import import_paths

    out = tmp_path / "corpus.jsonl"
    _export(project, "jsonl", out, "ben", split=SplitSpec((0.5, 0.5), 0))
    batch = import_paths([out], project.codebook)
    assert [e.id for e in batch.entries] == [e.id for e in project.entries]
    assert dict(batch.layers["ben"]) == {k: _strip(v) for k, v in project.layer("ben").items()}


def test_brat_with_split_writes_a_subfolder_per_split(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    summary = _export(project, "brat", out, "gold", split=SplitSpec((0.4, 0.3, 0.3), 5))
    assert (out / "annotation.conf").exists() and (out / "manifest.json").exists()
    texts = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert len(texts) == len(project.dispatches)
    assert {t.split("/")[0] for t in texts} <= {"train", "dev", "test"}
    per_split = {name: 0 for name in ("train", "dev", "test")}
    for text in texts:
        per_split[text.split("/")[0]] += (out / text).read_text(encoding="utf-8").count("\n\n") + 1
    assert per_split == summary.per_split


def test_spacy_with_split_writes_one_docbin_per_split(project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "spacy"
    summary = _export(project, "spacy", out, "amira", split=SplitSpec((0.5, 0.25, 0.25), 1, "stance"))
    vocab = spacy.blank("xx").vocab
    for name, count in summary.per_split.items():
        docs = list(DocBin().from_disk(out / f"{name}.spacy").get_docs(vocab))
        assert len(docs) == count
        assert {d.user_data["split"] for d in docs} <= {name}


def test_jsonl_reads_block_by_block_with_the_documented_schema(project: Project, tmp_path: Path) -> None:
    """An explicit schema (as docs/jsonl-records.md shows) survives blocks whose labels are all null."""
    pa = pytest.importorskip("pyarrow")
    pa_json = pytest.importorskip("pyarrow.json")
    out = tmp_path / "corpus.jsonl"
    _export(project, "jsonl", out, "chiara")  # chiara coded 4 of 7 entries: null labels in between
    text = pa.string()
    span = pa.struct(
        [("start", pa.int64()), ("end", pa.int64())] + [(k, text) for k in ("dimension", "label", "text")]
    )
    labels = pa.struct([("stance", text), ("actor", pa.list_(text)), ("event_type", pa.list_(text))])
    fields = [
        ("id", text),
        ("dispatch_id", text),
        ("dispatch_title", text),
        ("timestamp", text),
        ("text", text),
    ]
    fields += [("annotator", text), ("labels", labels), ("spans", pa.list_(span)), ("position", pa.int64())]
    fields += [("time_label", text), ("heading", text), ("zone", text), ("utc", text)]
    fields += [("status", text), ("note", text), ("split", text)]
    schema = pa.schema(fields)
    table = pa_json.read_json(
        out,
        read_options=pa_json.ReadOptions(block_size=1024),
        parse_options=pa_json.ParseOptions(explicit_schema=schema),
    )
    assert table.num_rows == len(project.entries)
    assert table.schema.equals(schema)
    stances = table.column("labels").combine_chunks().field("stance").to_pylist()
    coded = project.layer("chiara")
    assert stances == [coded[e.id].values.get("stance") if e.id in coded else None for e in project.entries]


def test_an_accepted_alias_span_on_the_actor_dimension_goes_to_its_own_spacy_group(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from workbench.core.codebook import builtin_codebook
    from workbench.core.model import Annotation, Dispatch, Entry, Span

    text = "Late on Monday the Kremlin said no."
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Dispatch d")
    project.entries = [Entry("e0", "d", 0, None, None, text)]
    project.entries_changed()
    start = text.index("Kremlin")
    span = Span(start, start + 7, "actor", "RUS")
    project.set_annotation("ana", "e0", Annotation(values={"actor": ["RUS"]}, spans=[span]))
    out = tmp_path / "corpus.spacy"
    _export(project, "spacy", out, "ana")
    [doc] = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    assert [(s.text, s.label_) for s in doc.spans["actor"]] == [("Kremlin", "RUS")]
    assert [s.text for s in doc.spans["sc"]] == ["Kremlin"]

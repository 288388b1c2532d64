"""Importing exports of doccano (JSONL) and Label Studio (JSON tasks).

Analysts arrive with corpora half coded in other tools; their texts become dispatches of
one entry each, and their labels become an annotation layer mapped onto our codebook
(see ``label_mapping``). The layer belongs to the ``annotator`` the user names, else to
the tool's own user field (doccano ``user``/``annotator``, Label Studio ``completed_by``),
else to the file name stem, so a colleague's export stays their layer.

Both tools count offsets in code points, as Python does, so spans are taken as they are;
where Label Studio repeats the marked text, it is checked against the offsets, because a
mismatch means the export was made from different text (or by a tool that counted UTF-16
units) and the span would mark the wrong words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from workbench.core.codebook import Codebook
from workbench.core.errors import AmbiguousField, WorkbenchError
from workbench.core.ids import EntryIds, text_dispatch_id
from workbench.core.model import Annotation, Dispatch, Entry, Span
from workbench.core.text_offsets import fit_annotation
from workbench.core.undoable import ImportBatch
from workbench.formats.exporters.training_records import iter_jsonl
from workbench.formats.importers.label_mapping import LabelMapper, add_class_value
from workbench.formats.importers.ninjs import parse_json

_TITLE_LENGTH = 80


class _LayerBuilder:
    """Collects text dispatches and per-annotator annotations, with problems noted by place."""

    def __init__(self, file: str, codebook: Codebook) -> None:
        self.file = file
        self.mapper = LabelMapper(codebook)
        self.batch = ImportBatch()
        self.entries: dict[str, Entry] = {}
        self.unread: Counter[tuple[str, str]] = Counter()  # (what, why) -> how many
        self.dispatches: dict[str, Dispatch] = {}

    def keep(self, entry: Entry, tool: str, key: str, value: Any) -> None:
        """Keep what the workbench cannot use yet in the dispatch's metadata, under the tool's name."""
        kept = self.dispatches[entry.dispatch_id].meta.setdefault(tool, {})
        if isinstance(value, list) and isinstance(kept.get(key), list):
            kept[key].extend(value)
        else:
            kept.setdefault(key, value)

    def entry_for(self, text: str) -> Entry:
        """The one-entry dispatch for ``text``; the same text twice (up to Unicode form) is one entry."""
        d_id = text_dispatch_id(text)
        existing = self.entries.get(d_id)
        if existing is not None:
            return existing
        first_line = text.strip().split("\n", 1)[0]
        title = first_line if len(first_line) <= _TITLE_LENGTH else first_line[: _TITLE_LENGTH - 1] + "…"
        self.dispatches[d_id] = Dispatch(id=d_id, title=title, source=self.file)
        self.batch.dispatches.append(self.dispatches[d_id])
        entry = Entry(EntryIds(d_id).next(None, text), d_id, 0, None, None, text)
        self.batch.entries.append(entry)
        self.entries[d_id] = entry
        return entry

    def note(self, where: str, what: str) -> None:
        self.batch.problems.append(f"{self.file}: {where}: {what}")

    def add_class(self, annotation: Annotation, label: Any, where: str, hint: str | None = None) -> None:
        if not isinstance(label, str):
            raise WorkbenchError(f"label {label!r} is not a string", file=self.file, where=where)
        mapped = self.mapper.map(label, span=False, hint=hint)
        if mapped is not None:
            problem = add_class_value(annotation, *mapped)
            if problem:
                self.note(where, problem)

    def add_span(
        self,
        annotation: Annotation,
        text: str,
        start: Any,
        end: Any,
        label: Any,
        where: str,
        hint: str | None = None,
    ) -> None:
        if not (type(start) is int and type(end) is int and isinstance(label, str)):
            raise WorkbenchError(
                "a span needs integer start and end and a string label", file=self.file, where=where
            )
        if not 0 <= start < end <= len(text):
            self.note(where, f"span {start}-{end} '{label}' falls outside the text; not imported")
            return
        mapped = self.mapper.map(label, span=True, hint=hint)
        if mapped is not None:
            span = Span(start, end, mapped[0].key, mapped[1])
            if span not in annotation.spans:
                annotation.spans.append(span)

    def store(self, annotator: str, entry: Entry, annotation: Annotation, where: str, given: str) -> None:
        """Keep ``annotation``, made on the ``given`` spelling, on the entry's stored text."""
        if annotation.is_empty():
            return
        annotation, dropped = fit_annotation(annotation, given, entry.text)
        if dropped:
            self.note(where, f"{dropped} span(s) split a character of the stored text; not imported")
        annotation.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))
        layer = self.batch.layers.setdefault(annotator, {})
        if entry.id in layer:
            self.note(where, f"a second annotation by {annotator} of the same text ignored")
            return
        annotation.status = "done"
        layer[entry.id] = annotation

    def finish(self) -> ImportBatch:
        self.batch.problems.extend(self.mapper.problems(self.file))
        for (what, why), count in sorted(self.unread.items()):
            self.batch.problems.append(f"{self.file}: {count} {what}{'s' * (count != 1)} not imported: {why}")
        return self.batch


def read_doccano(data: bytes, file: str, codebook: Codebook, annotator: str | None = None) -> ImportBatch:
    """A doccano JSONL export: ``{"text", "label": [...]}`` per line (older: ``labels``)."""
    return doccano_items(((f"line {n}", obj) for n, obj in iter_jsonl(data, file)), file, codebook, annotator)


def doccano_items(
    items: Iterable[tuple[str, Any]], file: str, codebook: Codebook, annotator: str | None
) -> ImportBatch:
    """doccano records already parsed (from JSONL lines or a JSON list)."""
    builder = _LayerBuilder(file, codebook)
    for where, obj in items:
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise WorkbenchError("expected an object with a string 'text'", file=file, where=where)
        text = obj["text"]
        if not text.strip():
            builder.note(where, "empty text skipped")
            continue
        entry = builder.entry_for(text)
        annotation = Annotation()
        labels = obj.get("label", obj.get("labels")) or []
        if isinstance(labels, str):
            labels = [labels]
        if not isinstance(labels, list):
            raise WorkbenchError("'label' must be a list", file=file, where=where)
        for label in labels:
            if isinstance(label, list) and len(label) == 3:
                builder.add_span(annotation, text, label[0], label[1], label[2], where)
            else:
                builder.add_class(annotation, label, where)
        entities = obj.get("entities") or []
        if not isinstance(entities, list):
            raise WorkbenchError("'entities' must be a list", file=file, where=where)
        for entity in entities:
            if isinstance(entity, list) and len(entity) == 3:  # the entity-list form
                builder.add_span(annotation, text, entity[0], entity[1], entity[2], where)
            elif isinstance(entity, dict):
                start, end = entity.get("start_offset"), entity.get("end_offset")
                builder.add_span(annotation, text, start, end, entity.get("label"), where)
            else:
                raise WorkbenchError(
                    "every entity must be an object or [start, end, label]", file=file, where=where
                )
        cats = obj.get("cats") or []
        for cat in cats if isinstance(cats, list) else []:
            builder.add_class(annotation, cat.get("label") if isinstance(cat, dict) else cat, where)
        _doccano_extras(builder, entry, annotation, obj)
        user = obj.get("annotator", obj.get("user"))
        name = (
            annotator or (str(user) if isinstance(user, str | int) and str(user) else None) or Path(file).stem
        )
        builder.store(name, entry, annotation, where, text)
    return builder.finish()


def _doccano_extras(
    builder: _LayerBuilder, entry: Entry, annotation: Annotation, obj: dict[str, Any]
) -> None:
    """``meta`` is kept with the dispatch, ``Comments`` become the note, relations are counted."""
    if isinstance(obj.get("meta"), dict) and obj["meta"]:
        builder.keep(entry, "doccano", "meta", obj["meta"])
    comments = obj.get("Comments", obj.get("comments"))
    if isinstance(comments, list):
        texts = [c.get("text") if isinstance(c, dict) else c for c in comments]
        annotation.note = "\n".join(c for c in [annotation.note, *texts] if isinstance(c, str) and c)
    relations = obj.get("relations")
    if isinstance(relations, list):
        builder.unread["relation", "the workbench has no relations"] += len(relations)


def read_label_studio_bytes(
    data: bytes, file: str, codebook: Codebook, annotator: str | None = None
) -> ImportBatch:
    """A Label Studio JSON export as UTF-8 bytes."""
    return read_label_studio(parse_json(data, file), file, codebook, annotator)


def read_label_studio(
    data: Any, file: str, codebook: Codebook, annotator: str | None = None, text_field: str | None = None
) -> ImportBatch:
    """A Label Studio JSON export (already parsed): a list of tasks, or one task."""
    tasks = data if isinstance(data, list) else [data]
    builder = _LayerBuilder(file, codebook)
    for number, task in enumerate(tasks):
        where = f"task[{number}]"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise WorkbenchError("expected a task object with 'data'", file=file, where=where)
        text = _task_text(task["data"], text_field, file, where)
        if not text.strip():
            builder.note(where, "empty text skipped")
            continue
        entry = builder.entry_for(text)
        for key in ("predictions", "drafts"):
            if isinstance(task.get(key), list) and task[key]:
                builder.keep(entry, "label_studio", key, task[key])
                why = "kept with the dispatch" + (
                    "; import-predictions makes suggestions of them" if key == "predictions" else ""
                )
                builder.unread[key[:-1], why] += len(task[key])
        annotations = task.get("annotations", task.get("completions")) or []
        if not isinstance(annotations, list):
            raise WorkbenchError("'annotations' must be a list", file=file, where=where)
        for index, ann in enumerate(annotations):
            ann_where = f"{where}.annotations[{index}]"
            if not isinstance(ann, dict):
                raise WorkbenchError("expected an object", file=file, where=ann_where)
            if ann.get("was_cancelled"):
                continue
            name = annotator or _user_name(ann.get("completed_by")) or Path(file).stem
            builder.store(name, entry, _ls_annotation(builder, text, ann, ann_where), ann_where, text)
    return builder.finish()


#: Label Studio task data naming media rather than holding text: URLs and upload paths.
_MEDIA = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|/data/(?:upload|local-files)/)", re.IGNORECASE)


def _task_text(data: dict[str, Any], text_field: str | None, file: str, where: str) -> str:
    """The text Label Studio labelled: the field asked for, else ``text``, else the one string
    field that is not a media URL. The labelling config that names it is not in the export,
    so when several fields could be the text the user is asked rather than one guessed."""
    if text_field is not None:
        chosen = data.get(text_field)
        if not isinstance(chosen, str):
            raise WorkbenchError(f"task data has no text field '{text_field}'", file=file, where=where)
        return chosen
    text = data.get("text")
    if isinstance(text, str):
        return text
    texts = {
        key: value
        for key, value in data.items()
        if isinstance(value, str) and not _MEDIA.match(value.strip())
    }
    fields = list(texts)
    if len(fields) == 1:
        return texts[fields[0]]
    if not fields:
        raise WorkbenchError(
            "task data holds no text (only media links or other values)", file=file, where=where
        )
    names = ", ".join(repr(key) for key in fields)
    raise AmbiguousField(
        f"task data has several text fields ({names}); choose one with --text-field",
        fields,
        file=file,
        where=where,
    )


def _user_name(user: Any) -> str | None:
    """``completed_by`` is a user id, or in some exports an object with email or username."""
    if isinstance(user, dict):
        for key in ("username", "email", "id"):
            if user.get(key) not in (None, ""):
                return str(user[key])
        return None
    if isinstance(user, str | int) and not isinstance(user, bool):
        return str(user)
    return None


def _ls_annotation(builder: _LayerBuilder, text: str, ann: dict[str, Any], where: str) -> Annotation:
    annotation = Annotation()
    results = ann.get("result") or []
    if not isinstance(results, list):
        raise WorkbenchError("'result' must be a list", file=builder.file, where=where)
    for index, result in enumerate(results):
        r_where = f"{where}.result[{index}]"
        if isinstance(result, dict) and result.get("type") == "relation":
            builder.unread["relation", "the workbench has no relations"] += 1
            continue
        value = result.get("value") if isinstance(result, dict) else None
        if not isinstance(value, dict):
            raise WorkbenchError("expected a result object with a 'value'", file=builder.file, where=r_where)
        kind = result.get("type")
        hint = result.get("from_name") if isinstance(result.get("from_name"), str) else None
        if kind == "labels":
            start, end = value.get("start"), value.get("end")
            shown = value.get("text")
            if (
                isinstance(shown, str)
                and type(start) is int
                and type(end) is int
                and text[start:end] != shown
            ):
                builder.note(r_where, f"span {start}-{end} does not match its text {shown!r}; not imported")
                continue
            labels = value.get("labels") or []
            for label in labels if isinstance(labels, list) else [labels]:
                builder.add_span(annotation, text, start, end, label, r_where, hint=hint)
        elif kind == "choices":
            choices = value.get("choices") or []
            for choice in choices if isinstance(choices, list) else [choices]:
                builder.add_class(annotation, choice, r_where, hint=hint)
        elif kind == "textarea":
            lines = value.get("text") or []
            note = "\n".join(x for x in (lines if isinstance(lines, list) else [lines]) if isinstance(x, str))
            annotation.note = "\n".join(x for x in (annotation.note, note) if x)
        else:
            builder.note(r_where, f"result type {kind!r} is not imported")
    return annotation


#: Keys of a Label Studio JSON_MIN item that are about the annotation, not its results.
_MIN_META = frozenset({"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "text"})


def looks_like_json_min(item: Any) -> bool:
    """Label Studio's JSON_MIN export: one flat object per annotation, results under their
    control's name beside the task's data fields."""
    return isinstance(item, dict) and isinstance(item.get("text"), str) and "annotation_id" in item


def read_label_studio_min(
    items: list[Any], file: str, codebook: Codebook, annotator: str | None = None
) -> ImportBatch:
    """A JSON_MIN export: span results are lists of ``{start, end, labels}``, choices are
    strings (or ``{"choices": [...]}``), keyed by the control's ``from_name``."""
    builder = _LayerBuilder(file, codebook)
    for number, item in enumerate(items):
        where = f"item[{number}]"
        if not looks_like_json_min(item):
            raise WorkbenchError(
                "expected a JSON_MIN object with 'text' and 'annotation_id'", file=file, where=where
            )
        text = item["text"]
        if not text.strip():
            builder.note(where, "empty text skipped")
            continue
        annotation = Annotation()
        for key, value in item.items():
            if key not in _MIN_META:
                _min_result(builder, annotation, text, key, value, f"{where}.{key}")
        name = annotator or _user_name(item.get("annotator")) or Path(file).stem
        builder.store(name, builder.entry_for(text), annotation, where, text)
    return builder.finish()


def _min_result(
    builder: _LayerBuilder, annotation: Annotation, text: str, key: str, value: Any, where: str
) -> None:
    if isinstance(value, dict) and isinstance(value.get("choices"), list):
        value = value["choices"]
    for part in value if isinstance(value, list) else [value]:
        if isinstance(part, dict) and "start" in part:
            labels = part.get("labels") or []
            for label in labels if isinstance(labels, list) else [labels]:
                builder.add_span(annotation, text, part.get("start"), part.get("end"), label, where, hint=key)
        elif isinstance(part, str):
            builder.add_class(annotation, part, where, hint=key)
        else:
            builder.unread[f"'{key}' result", "of a kind the workbench cannot hold"] += 1

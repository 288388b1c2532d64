"""Splits: deterministic, whole dispatches, stratified, ratios checked."""

from __future__ import annotations

from collections import Counter

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Entry
from workbench.formats.exporters.splits import (
    SplitSpec,
    assign_splits,
    dispatch_labels,
    parse_ratios,
    split_counts,
)

CODEBOOK = builtin_codebook("plover")
STANCES = ("against", "neutral", "favor")


def _corpus(dispatches: int = 60) -> tuple[list[Entry], dict[str, Annotation]]:
    entries: list[Entry] = []
    annotations: dict[str, Annotation] = {}
    for d in range(dispatches):
        for position in range(1 + d % 5):
            entry = Entry(f"e{d}-{position}", f"d{d:03}", position, None, None, f"text {d} {position}")
            entries.append(entry)
            annotations[entry.id] = Annotation(values={"stance": STANCES[d % 3]})
    return entries, annotations


def test_parse_ratios() -> None:
    assert parse_ratios("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    assert parse_ratios("0.7,0.3") == (0.7, 0.3)
    for bad in ("0.8,0.1", "a,b,c", "1", "0.5,0.5,0.5,-0.5", "1.2,-0.1,-0.1"):
        with pytest.raises(WorkbenchError):
            parse_ratios(bad)


def test_same_seed_same_split_and_other_seed_differs() -> None:
    entries, annotations = _corpus()
    spec = SplitSpec((0.8, 0.1, 0.1), seed=7)
    first = assign_splits(entries, annotations, spec, CODEBOOK)
    assert first == assign_splits(list(entries), dict(annotations), spec, CODEBOOK)
    assert first != assign_splits(entries, annotations, SplitSpec((0.8, 0.1, 0.1), seed=8), CODEBOOK)


def test_dispatches_never_straddle_splits_and_ratios_are_close() -> None:
    entries, annotations = _corpus(120)
    splits = assign_splits(entries, annotations, SplitSpec((0.8, 0.1, 0.1), seed=3), CODEBOOK)
    per_dispatch: dict[str, set[str]] = {}
    for entry in entries:
        per_dispatch.setdefault(entry.dispatch_id, set()).add(splits[entry.id])
    assert all(len(names) == 1 for names in per_dispatch.values())
    counts = Counter(splits.values())
    assert abs(counts["train"] / len(entries) - 0.8) < 0.05
    assert abs(counts["test"] / len(entries) - 0.1) < 0.05


def test_stratified_split_gives_every_split_each_label() -> None:
    entries, annotations = _corpus(90)
    splits = assign_splits(
        entries, annotations, SplitSpec((0.6, 0.2, 0.2), seed=1, stratify="stance"), CODEBOOK
    )
    counts = split_counts(entries, splits, annotations, CODEBOOK)
    for name in ("train", "dev", "test"):
        labels = counts[name]["labels"]["stance"]
        assert set(labels) == set(STANCES)
        share = {k: v / counts[name]["entries"] for k, v in labels.items()}
        assert all(0.2 < s < 0.5 for s in share.values()), (name, share)


def test_dispatch_label_is_its_majority_value() -> None:
    entries = [Entry(f"e{i}", "d1", i, None, None, "x") for i in range(3)]
    annotations = {
        "e0": Annotation(values={"stance": "favor"}),
        "e1": Annotation(values={"stance": "against"}),
        "e2": Annotation(values={"stance": "against"}),
    }
    assert dispatch_labels(entries, annotations, "stance", CODEBOOK) == {"d1": "against"}
    assert dispatch_labels([entries[0]], {}, "stance", CODEBOOK) == {"d1": "(none)"}
    with pytest.raises(WorkbenchError, match="no such dimension"):
        dispatch_labels(entries, annotations, "mood", CODEBOOK)


def test_zero_ratio_split_stays_empty() -> None:
    entries, annotations = _corpus(30)
    splits = assign_splits(entries, annotations, SplitSpec((0.9, 0.0, 0.1), seed=0), CODEBOOK)
    assert "dev" not in set(splits.values())


def test_split_counts_tally_every_kind_of_value() -> None:
    from workbench.core.model import Span

    entries = [Entry(f"e{i}", f"d{i // 2}", i % 2, None, None, "Mira Haddad") for i in range(4)]
    annotations = {
        "e0": Annotation(
            values={"stance": "favor", "actor": ["UNO", "RUS"]}, spans=[Span(0, 4, "mention", "PER")]
        ),
        "e1": Annotation(
            values={"stance": "favor", "actor": "UNO", "mood": "calm"}
        ),  # multi stored as a string
        "e2": Annotation(values={"event_type": ["AID"]}, spans=[Span(5, 11, "mention", "PER")]),
    }
    splits = {"e0": "train", "e1": "train", "e2": "test", "e3": "test"}
    counts = split_counts(entries, splits, annotations, CODEBOOK)
    assert list(counts) == ["train", "test"]
    assert counts["train"] == {
        "entries": 2,
        "dispatches": 1,
        "labels": {
            "stance": {"favor": 2},
            "actor": {"RUS": 1, "UNO": 2},
            "event_type": {},
            "mention": {"PER": 1},
            "mood": {"calm": 1},
        },
    }
    assert counts["test"]["labels"]["event_type"] == {"AID": 1}
    assert counts["test"]["labels"]["mention"] == {"PER": 1}
    assert counts["test"]["entries"] == 2 and counts["test"]["dispatches"] == 1
    assert list(split_counts(entries, {}, annotations, CODEBOOK)) == ["all"]

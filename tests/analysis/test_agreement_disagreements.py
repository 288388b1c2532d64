"""The whole-project disagreement scan gives exactly the per-entry rule's answer."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.oracles import find_disagreements
from workbench.analysis.disagreements import disagreement_columns
from workbench.core.adjudication import Disagreement
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))

coding = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "stance": st.sampled_from(["against", "neutral", "favor"]),
            "actor": st.lists(st.sampled_from(["RUS", "TUR", "UNO"]), min_size=1, max_size=2, unique=True),
            "extra": st.sampled_from(["x", "y"]),
        },
    ),
)
spans = st.lists(st.sampled_from([(0, 4, "PER"), (5, 9, "LOC")]), max_size=2, unique=True)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.lists(st.tuples(coding, spans), min_size=6, max_size=6), min_size=2, max_size=3), st.data()
)
def test_scan_equals_the_per_entry_rule(layers, data) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Sample")
    project.entries = [Entry(f"e{i}", "d", i, None, None, "Some entry text here.") for i in range(6)]
    for c, rows in enumerate(layers):
        for i, (values, marked) in enumerate(rows):
            if values is not None:
                project.set_annotation(
                    f"c{c}",
                    f"e{i}",
                    Annotation(values=values, spans=[Span(a, b, "mention", v) for a, b, v in marked]),
                )
    dimension = data.draw(st.sampled_from([None, "stance", "actor", "mention", "extra"]))
    scanned = list(map(Disagreement, *disagreement_columns(project, dimension=dimension)))
    assert scanned == find_disagreements(project, dimension=dimension)

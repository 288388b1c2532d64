"""Agreement figures against published worked examples, undefined cases and properties."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.analysis import agreement_alpha
from workbench.analysis.agreement_alpha import coincidence_matrix, krippendorff_alpha, set_distance
from workbench.analysis.agreement_kappa import (
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    percent_agreement,
)
from workbench.analysis.reliability_data import MISSING, Layout, collect
from workbench.core.model import Annotation

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
K2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}
FLEISS_COUNTS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def layers_from_rows(rows: dict[str, list[str | list[str] | None]], dim: str = "r"):
    return {
        coder: {f"u{i}": Annotation(values={dim: v}) for i, v in enumerate(values) if v is not None}
        for coder, values in rows.items()
    }


def k2011_layers(as_sets: bool = False):
    rows = {
        c: [None if v == "." else ([v] if as_sets else v) for v in row.split()] for c, row in K2011.items()
    }
    return layers_from_rows(rows)


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_2011_example(level: str, expected: float) -> None:
    data = collect(k2011_layers(), "r")
    alpha = krippendorff_alpha(data, level)
    assert round(alpha.value, 3) == expected
    assert alpha.units == 11  # unit 12 was coded once only, so it is not pairable


def test_ordinal_uses_marginal_frequencies_not_rank_differences() -> None:
    """Relabelling 1..5 as 1,2,3,4,50 changes interval alpha but not ordinal alpha."""
    stretched = {
        c: [None if v == "." else ("50" if v == "5" else v) for v in row.split()] for c, row in K2011.items()
    }
    data = collect(layers_from_rows(stretched), "r")
    assert round(krippendorff_alpha(data, "ordinal").value, 3) == 0.815
    assert round(krippendorff_alpha(data, "interval").value, 3) != 0.849


def test_coincidence_matrix_rows_sum_to_pairable_values() -> None:
    data = collect(k2011_layers(), "r")
    o = coincidence_matrix(data.codes, data.n_values)
    assert np.allclose(o, o.T)
    assert o.sum() == pytest.approx(40)  # 11 pairable units hold 40 values
    assert o[0].sum() == pytest.approx(9)  # value "1" appears 9 times in pairable units


def test_set_alpha_with_singletons_equals_nominal() -> None:
    nominal = krippendorff_alpha(collect(k2011_layers(), "r"), "nominal").value
    sets = collect(k2011_layers(as_sets=True), "r")
    assert sets.multi
    for distance in ("masi", "jaccard"):
        assert krippendorff_alpha(sets, distance=distance).value == pytest.approx(nominal)


def test_masi_and_jaccard_distances() -> None:
    data = collect(
        layers_from_rows(
            {"a": [["X"], ["X", "Y"], ["X", "Y"], ["X"]], "b": [["X"], ["X"], ["Y", "Z"], ["Z"]]}
        ),
        "r",
    )
    ids = {data.labels[i]: i for i in range(data.n_values)}
    pairs = [(("X",), ("X",)), (("X", "Y"), ("X",)), (("X", "Y"), ("Y", "Z")), (("X",), ("Z",))]
    a = np.array([ids[p[0]] for p in pairs])
    b = np.array([ids[p[1]] for p in pairs])
    assert set_distance(data.membership, a, b, "jaccard") == pytest.approx([0, 1 / 2, 2 / 3, 1])
    # MASI = 1 - J*M: equal, subset (M=2/3), overlap (M=1/3), disjoint (M=0)
    assert set_distance(data.membership, a, b, "masi") == pytest.approx([0, 1 - 1 / 3, 1 - 1 / 9, 1])


def test_set_alpha_matches_the_pairable_values_formula_by_hand() -> None:
    rows = {"a": [["X"], ["X", "Y"], ["Y"]], "b": [["X"], ["X"], ["Y"]], "c": [["X", "Y"], None, ["Y"]]}
    data = collect(layers_from_rows(rows), "r")
    values = [[frozenset(v) for v in col if v] for col in zip(*rows.values(), strict=True)]

    def masi(p: frozenset, q: frozenset) -> float:
        j = len(p & q) / len(p | q)
        m = 1 if p == q else 2 / 3 if (p <= q or q <= p) else 1 / 3 if p & q else 0
        return 1 - j * m

    within = sum(
        sum(masi(p, q) for i, p in enumerate(u) for k, q in enumerate(u) if i != k) / (len(u) - 1)
        for u in values
    )
    everything = [v for u in values for v in u]
    between = sum(masi(p, q) for i, p in enumerate(everything) for k, q in enumerate(everything) if i != k)
    expected = 1 - (len(everything) - 1) * within / between
    assert krippendorff_alpha(data, distance="masi").value == pytest.approx(expected)


def test_fleiss_wikipedia_example() -> None:
    assert round(fleiss_kappa_from_counts(np.array(FLEISS_COUNTS)).value, 3) == 0.210
    # and the same ratings as a coder matrix: rater r gives subject s its r-th rating
    rows: dict[str, list[str | None]] = {f"r{r}": [] for r in range(14)}
    for counts in FLEISS_COUNTS:
        ratings = [str(c) for c, n in enumerate(counts) for _ in range(n)]
        for r, value in enumerate(ratings):
            rows[f"r{r}"].append(value)
    kappa = fleiss_kappa(collect(layers_from_rows(rows), "r"))
    assert round(kappa.value, 3) == 0.210
    assert kappa.units == 10


def test_cohen_wikipedia_example() -> None:
    table = [[20, 5], [10, 15]]
    rows: dict[str, list[str | None]] = {"a": [], "b": []}
    for i, label_a in enumerate(("yes", "no")):
        for j, label_b in enumerate(("yes", "no")):
            rows["a"] += [label_a] * table[i][j]
            rows["b"] += [label_b] * table[i][j]
    data = collect(layers_from_rows(rows), "r", order=("yes", "no"))
    kappa = cohen_kappa(data)
    assert kappa.value == pytest.approx(0.40)
    assert kappa.units == 50
    assert percent_agreement(data).value == pytest.approx(0.70)
    values, matrix = confusion_matrix(data)
    assert values == ["yes", "no"]
    assert matrix.tolist() == table


def test_no_shared_units_is_undefined_not_one() -> None:
    data = collect(layers_from_rows({"a": ["x", "y", None, None], "b": [None, None, "x", "y"]}), "r")
    for figure in (krippendorff_alpha(data), cohen_kappa(data), percent_agreement(data), fleiss_kappa(data)):
        assert figure.value is None
        assert figure.reason


def test_perfect_agreement_on_one_category_is_undefined_not_zero() -> None:
    data = collect(layers_from_rows({"a": ["x", "x", "x"], "b": ["x", "x", "x"]}), "r")
    assert krippendorff_alpha(data).value is None
    assert "same single value" in krippendorff_alpha(data).reason
    assert cohen_kappa(data).value is None
    assert fleiss_kappa(data).value is None
    assert percent_agreement(data).value == 1.0  # percent agreement is defined and perfect


def test_fewer_than_two_coders() -> None:
    data = collect(layers_from_rows({"a": ["x", "y"]}), "r")
    for figure in (krippendorff_alpha(data), cohen_kappa(data), fleiss_kappa(data), percent_agreement(data)):
        assert figure.value is None
        assert "fewer than 2" in figure.reason


def test_ratio_on_labels_that_are_not_numbers_is_undefined() -> None:
    data = collect(layers_from_rows({"a": ["low", "high"], "b": ["low", "low"]}), "r", order=("low", "high"))
    assert krippendorff_alpha(data, "ratio").value is None
    assert krippendorff_alpha(data, "interval").value is not None


def test_units_nobody_coded_are_not_units() -> None:
    layers = layers_from_rows({"a": ["x", "y"], "b": ["x", "x"]})
    layers["a"]["u9"] = Annotation(values={"other": "z"})  # coded, but not on this dimension
    data = collect(layers, "r")
    assert list(data.units) == ["u0", "u1"]
    assert cohen_kappa(data).units == 2


def test_numbers_order_numerically_and_codebook_order_otherwise() -> None:
    numeric = collect(layers_from_rows({"a": ["10", "2", "1"]}), "r")
    assert numeric.labels == ["1", "2", "10"]
    named = collect(
        layers_from_rows({"a": ["favor", "odd", "against"]}), "r", order=("against", "neutral", "favor")
    )
    assert named.labels == ["against", "favor", "odd"]


def test_a_layout_shared_by_dimensions_gives_the_same_data() -> None:
    layers = k2011_layers()
    shared = collect(layers, "r", layout=Layout(layers))
    alone = collect(layers, "r")
    assert (shared.codes == alone.codes).all()
    assert list(shared.units) == list(alone.units)


# --- properties --------------------------------------------------------------------------

ratings = st.lists(
    st.lists(st.one_of(st.none(), st.sampled_from("abcd")), min_size=5, max_size=5), min_size=2, max_size=4
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(ratings)
def test_perfect_agreement_gives_one_when_defined(rows: list[list[str | None]]) -> None:
    truth = rows[0]
    copies = {
        f"c{i}": [truth[u] if v is not None else None for u, v in enumerate(row)]
        for i, row in enumerate(rows)
    }
    data = collect(layers_from_rows(copies), "r", order="abcd")
    for level in ("nominal", "ordinal", "interval"):
        alpha = krippendorff_alpha(data, level)
        assert alpha.value is None or alpha.value == pytest.approx(1.0)


@settings(max_examples=EXAMPLES, deadline=None)
@given(ratings, st.randoms(use_true_random=False))
def test_permuting_coders_leaves_alpha_unchanged(rows: list[list[str | None]], rnd) -> None:
    named = {f"c{i}": row for i, row in enumerate(rows)}
    shuffled = list(named.items())
    rnd.shuffle(shuffled)
    first = collect(layers_from_rows(named), "r", order="abcd")
    second = collect(layers_from_rows(dict(shuffled)), "r", order="abcd")
    for level in ("nominal", "ordinal"):
        a, b = krippendorff_alpha(first, level), krippendorff_alpha(second, level)
        assert (a.value is None) == (b.value is None)
        if a.value is not None:
            assert a.value == pytest.approx(b.value)


@settings(max_examples=EXAMPLES, deadline=None)
@given(ratings)
def test_missing_values_stay_missing(rows: list[list[str | None]]) -> None:
    data = collect(layers_from_rows({f"c{i}": row for i, row in enumerate(rows)}), "r")
    coded = sum(v is not None for row in rows for v in row)
    assert int((data.codes != MISSING).sum()) == coded


# --- against a direct, unvectorised reading of the formula --------------------------------


def naive_alpha(units: list[list[object]], distance) -> float | None:
    """alpha = 1 - (n-1) * sum_u sum_{i!=j} d / (m_u - 1) / sum_{i!=j over all pairable values} d."""
    pairable = [u for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    within = sum(
        sum(distance(a, b) for i, a in enumerate(u) for j, b in enumerate(u) if i != j) / (len(u) - 1)
        for u in pairable
    )
    between = sum(distance(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j)
    return None if between == 0 else 1 - (len(values) - 1) * within / between


def masi(a: frozenset, b: frozenset) -> float:
    monotonicity = 1 if a == b else 2 / 3 if (a <= b or b <= a) else 1 / 3 if a & b else 0
    return 1 - len(a & b) / len(a | b) * monotonicity


set_ratings = st.lists(
    st.lists(
        st.one_of(st.none(), st.sets(st.sampled_from("wxyz"), min_size=1, max_size=3).map(sorted)),
        min_size=6,
        max_size=6,
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(set_ratings, st.sampled_from(["masi", "jaccard"]))
def test_set_alpha_equals_the_formula(rows, distance: str) -> None:
    data = collect(layers_from_rows({f"c{i}": row for i, row in enumerate(rows)}), "r", multi=True)
    units = [[frozenset(row[u]) for row in rows if row[u]] for u in range(6)]
    fn = masi if distance == "masi" else (lambda a, b: 1 - len(a & b) / len(a | b))
    expected = naive_alpha(units, fn)
    got = krippendorff_alpha(data, distance=distance)
    if expected is None or sum(len(u) for u in units if len(u) >= 2) < 2:
        assert got.value is None
    else:
        assert got.value == pytest.approx(expected)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    ratings.map(lambda rows: [[None if v is None else str("abcd".index(v) + 1) for v in row] for row in rows])
)
def test_scalar_alpha_equals_the_formula(rows) -> None:
    data = collect(layers_from_rows({f"c{i}": row for i, row in enumerate(rows)}), "r")
    units = [[int(row[u]) for row in rows if row[u]] for u in range(5)]
    pairable = [v for u in units if len(u) >= 2 for v in u]
    counts = {v: pairable.count(v) for v in range(1, 5)}

    def ordinal(a: int, b: int) -> float:
        lo, hi = min(a, b), max(a, b)
        return (sum(counts[g] for g in range(lo, hi + 1)) - (counts[a] + counts[b]) / 2) ** 2

    distances = {
        "nominal": lambda a, b: float(a != b),
        "ordinal": ordinal,
        "interval": lambda a, b: float((a - b) ** 2),
        "ratio": lambda a, b: ((a - b) / (a + b)) ** 2,
    }
    for level, fn in distances.items():
        expected = naive_alpha(units, fn)
        got = krippendorff_alpha(data, level).value
        assert (got is None) == (expected is None or len(pairable) < 2), level
        if got is not None:
            assert got == pytest.approx(expected), level


def test_bare_strings_and_empty_lists_in_a_multi_valued_dimension() -> None:
    layers = {
        "a": {"u1": Annotation(values={"x": "RUS"}), "u2": Annotation(values={"x": ["RUS", "TUR"]})},
        "b": {"u1": Annotation(values={"x": ["RUS"]}), "u2": Annotation(values={"x": ["TUR", "RUS"]})},
    }
    layers["a"]["u3"] = Annotation(values={"x": []})  # an empty list is "not coded"
    data = collect(layers, "x", multi=True)
    assert data.labels == [("RUS",), ("RUS", "TUR")]  # "RUS" is not split into letters
    assert data.codes.tolist() == [[0, 1], [0, 1]]
    assert list(data.units) == ["u1", "u2"]


def test_set_alpha_is_the_same_by_counting_and_by_sorting(monkeypatch) -> None:
    rows = {
        "a": [["X"], ["X", "Y"], ["Y"], ["Z"]],
        "b": [["X"], ["X"], ["Y", "Z"], ["Z"]],
        "c": [None, ["Y"], ["Y"], ["X"]],
    }
    data = collect(layers_from_rows(rows), "r")
    counted = krippendorff_alpha(data, distance="masi").value
    monkeypatch.setattr(agreement_alpha, "_BLOCK_CELLS", 4)  # too small for the dense table: sorts instead
    assert krippendorff_alpha(data, distance="masi").value == pytest.approx(counted)


def test_layout_in_project_order_keeps_units_the_order_lacks() -> None:
    layers = layers_from_rows({"a": ["x", "y", "x"], "b": ["x", "y", "y"]})
    layout = Layout(layers, unit_order=["u2", "u0"])  # u1 is not listed
    assert list(layout.units) == ["u2", "u0", "u1"]
    data = collect(layers, "r", layout=layout)
    assert data.codes.tolist() == [[0, 0, 1], [1, 0, 1]]  # columns u2, u0, u1
    assert krippendorff_alpha(data).value == krippendorff_alpha(collect(layers, "r")).value


# --- values on the codebook's scale (issue 19.9) --------------------------------------------

FIVE_POINTS = ("v1", "v2", "v3", "v4", "v5")
#: Ratio needs a true zero, which codebook positions lack: its scale is a numeric one.
NUMERIC_POINTS = ("1", "2", "4", "8", "16")


def _scale(level: str) -> tuple[str, ...]:
    return NUMERIC_POINTS if level == "ratio" else FIVE_POINTS


def _outside_alpha(rows: dict[str, list[int]], level: str) -> float:
    """``krippendorff``'s alpha on each value's number, or its position 1..5 in the codebook."""
    import krippendorff

    points = _scale(level)
    value = {key: float(key) if level == "ratio" else i + 1.0 for i, key in enumerate(points)}
    matrix = np.array([[value[points[v]] for v in row] for row in rows.values()])
    return krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)


def _alpha(rows: dict[str, list[int]], level: str):
    points = _scale(level)
    labelled = {coder: [points[v] for v in row] for coder, row in rows.items()}
    return krippendorff_alpha(collect(layers_from_rows(labelled), "r", order=points), level)


@pytest.mark.parametrize("level", ["ordinal", "interval", "ratio"])
def test_scales_count_unused_codebook_values(level: str) -> None:
    rows = {"A": [0, 1, 4, 0], "B": [1, 1, 4, 4]}  # the third and fourth values unused
    figure = _alpha(rows, level)
    assert figure.value == pytest.approx(_outside_alpha(rows, level), abs=1e-12)
    if level == "interval":
        assert figure.value == pytest.approx(0.3497, abs=1e-4)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=30),
    st.sampled_from(["ordinal", "interval", "ratio"]),
)
def test_codebook_scale_alpha_matches_krippendorff(pairs: list[tuple[int, int]], level: str) -> None:
    rows = {"A": [a for a, _ in pairs], "B": [b for _, b in pairs]}
    figure = _alpha(rows, level)
    if len({v for pair in pairs for v in pair}) < 2:
        assert figure.value is None
        return
    assert figure.value == pytest.approx(_outside_alpha(rows, level), abs=1e-9)

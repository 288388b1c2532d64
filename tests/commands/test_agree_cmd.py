"""``workbench-cli agree`` on the published examples given as JSONL files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.project.file import save_project

AGREEMENT = Path(__file__).resolve().parent.parent / "data" / "agreement"
K2011 = sorted(str(p) for p in AGREEMENT.glob("k2011_*.jsonl"))


def agree_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["agree", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_example_from_four_coder_files(capsys, level: str, expected: float) -> None:
    out = agree_json(capsys, *K2011, "--level", level)
    rating = out["dimensions"]["rating"]
    assert round(rating["alpha"], 3) == expected
    assert rating["level"] == level
    assert rating["coders"] == ["k2011_A", "k2011_B", "k2011_C", "k2011_D"]  # file stems
    assert rating["units"] == 12
    assert rating["figure_units"]["alpha"] == 11
    assert rating["cohen_kappa"] is None and "2 coders" in rating["reason"]["cohen_kappa"]
    assert len(rating["pairs"]) == 6


def test_default_level_for_unordered_numbers_is_nominal(capsys) -> None:
    assert round(agree_json(capsys, *K2011)["dimensions"]["rating"]["alpha"], 3) == 0.743


def test_fleiss_and_cohen_examples(capsys) -> None:
    out = agree_json(capsys, str(AGREEMENT / "fleiss.jsonl"))
    assert round(out["dimensions"]["category"]["fleiss_kappa"], 3) == 0.210
    out = agree_json(capsys, str(AGREEMENT / "cohen.jsonl"))
    answer = out["dimensions"]["answer"]
    assert answer["cohen_kappa"] == pytest.approx(0.40)
    assert answer["percent_agreement"] == pytest.approx(0.70)


def test_annotators_and_dimension_options(capsys) -> None:
    out = agree_json(capsys, *K2011, "--annotators", "k2011_B,k2011_D", "--dimension", "rating")
    rating = out["dimensions"]["rating"]
    assert rating["coders"] == ["k2011_B", "k2011_D"]
    assert rating["cohen_kappa"] is not None
    assert list(out["dimensions"]) == ["rating"]


def test_plain_run_prints_a_table(capsys) -> None:
    assert main(["agree", *K2011]) == 0
    text = capsys.readouterr().out
    assert "rating (single, alpha nominal): 4 coders, 12 units" in text
    assert "0.743" in text


def test_bad_input_is_one_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "t", "labels": 5}\n', encoding="utf-8")
    assert main(["agree", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.jsonl" in err
    assert main(["agree", *K2011, "--annotators", "nobody"]) == 1
    assert "no annotator 'nobody'" in capsys.readouterr().err


def test_project_file_layers_and_jsonl_records_combine(capsys, tmp_path: Path) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Sample")
    stances = ["against", "neutral", "favor", "favor"]
    project.entries = [Entry(f"e{i}", "d", i, None, None, f"Sample entry {i}.") for i in range(4)]
    for i, stance in enumerate(stances):
        project.set_annotation("ana", f"e{i}", Annotation(values={"stance": stance}))
    path = tmp_path / "ana.json"
    save_project(project, path)
    other = ["against", "favor", "favor", None]  # bo's last entry: a null label
    records = tmp_path / "bo.jsonl"
    records.write_text(
        "".join(
            json.dumps({"id": f"e{i}", "text": f"Sample entry {i}.", "labels": {"stance": s}}) + "\n"
            for i, s in enumerate(other)
        ),
        encoding="utf-8",
    )
    stance = agree_json(capsys, str(path), str(records))["dimensions"]["stance"]
    assert stance["coders"] == ["ana", "bo"]
    assert stance["level"] == "ordinal"  # the project's codebook orders stance
    assert stance["figure_units"]["cohen_kappa"] == 3
    assert stance["pairs"][0]["confusion"]["values"] == ["against", "neutral", "favor"]


def test_files_without_coding_say_so(capsys, tmp_path: Path) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Sample")
    project.entries = [Entry("e0", "d", 0, None, None, "Nobody coded this.")]
    path = tmp_path / "empty.json"
    save_project(project, path)
    assert main(["agree", str(path)]) == 1
    assert "nothing to compare" in capsys.readouterr().err


def test_bootstrap_json_is_reproducible_by_seed_and_absent_without(capsys) -> None:
    plain = agree_json(capsys, *K2011)["dimensions"]["rating"]
    assert not {"bootstrap", "diagnostics", "drift"} & set(plain)
    first = agree_json(capsys, *K2011, "--bootstrap", "500", "--seed", "7")["dimensions"]["rating"]
    again = agree_json(capsys, *K2011, "--bootstrap", "500", "--seed", "7")["dimensions"]["rating"]
    assert first["bootstrap"] == again["bootstrap"]
    boot = first["bootstrap"]
    assert boot["resamples"] == 500 and boot["confidence"] == 0.95
    assert boot["low"] < first["alpha"] < boot["high"]
    assert 0 < boot["p_below"]["0.667"] < boot["p_below"]["0.800"] < 1
    assert first["diagnostics"]["values"] == ["1", "2", "3", "4", "5"]
    assert first["diagnostics"]["coincidences"][0][0] == 7.0
    assert [c["coder"] for c in first["diagnostics"]["coders"]] == plain["coders"]
    assert first["drift"] == []  # JSONL records without times: no coding weeks


def test_bootstrap_in_the_table_and_bad_count(capsys) -> None:
    assert main(["agree", *K2011, "--bootstrap", "200", "--seed", "1"]) == 0
    assert "95% interval [" in capsys.readouterr().out
    assert main(["agree", *K2011, "--bootstrap", "-3"]) != 0
    err = capsys.readouterr().err
    assert "bootstrap" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bootstrap_of_an_undefined_alpha_is_null_with_the_reason(capsys) -> None:
    sample = str(Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json")
    out = agree_json(capsys, sample, "--dimension", "stance", "--level", "ratio", "--bootstrap", "100")
    boot = out["dimensions"]["stance"]["bootstrap"]
    assert boot["low"] is None and boot["high"] is None
    assert boot["p_below"] == {"0.667": None, "0.800": None}
    assert "numbers" in boot["reason"]


def test_resampling_units_is_chosen_by_flag(capsys) -> None:
    pairs = agree_json(capsys, *K2011, "--bootstrap", "500", "--seed", "7")["dimensions"]["rating"]
    units = agree_json(capsys, *K2011, "--bootstrap", "500", "--seed", "7", "--resample", "units")
    boot = units["dimensions"]["rating"]["bootstrap"]
    assert pairs["bootstrap"]["resampling"] == "pairs" and boot["resampling"] == "units"
    # Whole units carry their correlated pairs together: a wider interval with 4 coders.
    assert boot["high"] - boot["low"] > pairs["bootstrap"]["high"] - pairs["bootstrap"]["low"]


def test_agree_without_assisted_leaves_out_suggestion_assisted_units(tmp_path: Path, capsys) -> None:
    from tests.analysis.test_agreement_assisted import assisted_project

    path = tmp_path / "assisted.wbproj"
    save_project(assisted_project(), path)
    out = agree_json(capsys, str(path), "--level", "nominal")
    assert out["assisted_left_out"] is False
    assert (out["dimensions"]["stance"]["assisted_units"], out["dimensions"]["stance"]["units"]) == (2, 6)
    out = agree_json(capsys, str(path), "--level", "nominal", "--without-assisted")
    assert out["assisted_left_out"] is True
    assert (out["dimensions"]["stance"]["assisted_units"], out["dimensions"]["stance"]["units"]) == (2, 4)
    assert out["dimensions"]["stance"]["percent_agreement"] == 1.0
    assert main(["agree", str(path), "--level", "nominal"]) == 0
    assert "  2 units with suggestion-assisted values (included; --without-assisted leaves them out)" in (
        capsys.readouterr().out
    )

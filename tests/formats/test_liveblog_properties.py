"""Property tests: the live-blog parser on generated blogs and on arbitrary text and bytes.

Example counts are modest by default; set WORKBENCH_FUZZ_EXAMPLES for a long run.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.formats.exporters.training_records import records_to_batch
from workbench.formats.importers.csv_rows import read_csv
from workbench.formats.importers.doccano_labelstudio import read_doccano, read_label_studio_bytes
from workbench.formats.importers.liveblog.parse import parse_text, read_liveblog
from workbench.formats.importers.ninjs import read_ninjs_json, read_ninjs_jsonl
from workbench.formats.importers.reading import read_bytes

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLOVER = builtin_codebook("plover")

PIECES = [
    "8 p.m.",
    "4:50 p.m.",
    "12:55 a.m.",
    "noon",
    "midnight",
    "2:03 p.m. EST",
    "Update 2:03 p.m. EST Feb. 19:",
    "Update 9 a.m. Feb. 30: inline text",
    "___",
    "",
    " ",
    "The Latest: A story",
    "The Latest:",
    "January 24, 2017",
    "Jan. 24, 2017",
    "BEIRUT (AP) — The latest (all times local):",
    "X (AP) -- lead (all times EST)",
    "Caption here. (AP Photo/Someone)",
    "A paragraph of text.",
]
lines = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40)


@fuzz
@given(lines, st.sampled_from(["\n", "\r\n", "\r"]))
def test_entry_texts_are_exact_substrings_and_only_workbench_errors_escape(
    parts: list[str], newline: str
) -> None:
    raw = newline.join(parts)
    normalised = raw.replace("\r\n", "\n").replace("\r", "\n")
    try:
        stories = parse_text(normalised, source="fuzz.txt")
    except WorkbenchError:
        return
    for story in stories:
        assert story.entries
        for position, entry in enumerate(story.entries):
            assert entry.text and entry.text in normalised
            assert entry.text == entry.text.strip()
            assert entry.position == position
            assert entry.dispatch_id == story.dispatch.id


@fuzz
@given(st.binary(max_size=300), st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".tsv"]))
def test_every_reader_refuses_garbage_with_a_workbench_error(data: bytes, extension: str) -> None:
    try:
        batch = read_bytes(data, "fuzz" + extension, PLOVER)
    except WorkbenchError as exc:
        assert exc.line().startswith("fuzz" + extension)
        return
    assert batch.entries


READERS = {
    "read_liveblog": lambda data: read_liveblog(data, "f.txt"),
    "read_ninjs_json": lambda data: read_ninjs_json(data, "f.json"),
    "read_ninjs_jsonl": lambda data: read_ninjs_jsonl(data, "f.jsonl"),
    "read_csv": lambda data: read_csv(data, "f.csv"),
    "read_doccano": lambda data: read_doccano(data, "f.jsonl", PLOVER),
    "read_label_studio_bytes": lambda data: read_label_studio_bytes(data, "f.json", PLOVER),
    "records_to_batch": lambda data: records_to_batch(data, "f.jsonl", "stem"),
}
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "text",
                    "label",
                    "data",
                    "uri",
                    "annotations",
                    "result",
                    "value",
                    "id",
                    "labels",
                    "headline",
                    "bodies",
                    "start",
                    "end",
                    "type",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@fuzz
@given(st.sampled_from(sorted(READERS)), st.one_of(st.binary(max_size=200), JSONISH.map(orjson.dumps)))
def test_each_format_reader_raises_only_workbench_errors(reader: str, data: bytes) -> None:
    try:
        READERS[reader](data)
    except WorkbenchError as exc:
        assert exc.line()


WORDS = st.lists(
    st.sampled_from(["talks", "resume", "envoy", "says", "the", "truce", "holds", "Geneva"]), min_size=1
)
PARAGRAPH = WORDS.map(lambda words: " ".join(words).capitalize() + ".")


def _label(minute_of_day: int) -> str:
    if minute_of_day == 0:
        return "midnight"
    if minute_of_day == 720:
        return "noon"
    hour, minute = divmod(minute_of_day, 60)
    suffix = "a.m." if hour < 12 else "p.m."
    hour12 = hour % 12 or 12
    return f"{hour12} {suffix}" if minute == 0 else f"{hour12}:{minute:02d} {suffix}"


@fuzz
@given(
    st.integers(0, 1439),
    st.lists(
        st.tuples(st.integers(1, 700), st.lists(PARAGRAPH, min_size=1, max_size=3)), min_size=1, max_size=12
    ),
    st.sampled_from(["—", "–", "-", "--"]),
    st.booleans(),
)
def test_generated_blogs_parse_back_with_the_rollover_rule(
    start: int, steps: list[tuple[int, list[str]]], dash: str, separators: bool
) -> None:
    """Entries are generated oldest first with gaps under a day, then printed newest first.

    CRLF Windows-1252 and UTF-16 copies of the same blog must give the same entry ids.
    """
    moment = datetime(2020, 2, 27) + timedelta(minutes=start)
    expected = []
    for index, (gap, paragraphs) in enumerate(steps):
        if index:
            moment += timedelta(minutes=gap)
        expected.append((moment, "\n\n".join(paragraphs)))
    first_day = expected[0][0].date()
    blocks = []
    for when, text in reversed(expected):
        blocks.append(_label(when.hour * 60 + when.minute) + "\n\n" + text)
    joiner = "\n\n___\n\n" if separators else "\n\n\n"
    source = (
        f"The Latest: Generated\n\n{first_day:%B} {first_day.day}, {first_day.year}\n\n"
        f"GENEVA (AP) {dash} The latest (all times local):\n\n" + joiner.join(blocks) + "\n"
    )
    (story,) = parse_text(source)
    ids = [e.id for e in story.entries]
    for copy in (source.replace("\n", "\r\n").encode("cp1252"), source.encode("utf-16")):
        assert [e.id for e in read_liveblog(copy, "copy.txt").entries] == ids
    assert story.dispatch.published == first_day.isoformat()
    assert story.dispatch.dateline == "GENEVA"
    got = [(e.timestamp, e.text) for e in story.entries]
    want = [(when.strftime("%Y-%m-%dT%H:%M:00"), text) for when, text in reversed(expected)]
    assert got == want


@fuzz
@given(JSONISH.map(orjson.dumps), st.sampled_from([".json", ".jsonl"]))
def test_format_detection_on_json_of_any_shape(data: bytes, extension: str) -> None:
    try:
        batch = read_bytes(data, "shape" + extension, PLOVER)
    except WorkbenchError as exc:
        assert exc.line().startswith("shape" + extension)
        return
    assert batch.entries

"""Property test: generated blogs in every recognised shape parse back to what was generated.

Each blog mixes one time-line shape, one separator, one date source, one title shape and
one dateline shape; entries are generated oldest first with gaps under twelve hours (so
midnight crossings occur) and printed newest or oldest first. Each blog falls in winter or
in summer, and each entry's UTC time is checked against the offset its printed zone (or
the Geneva dateline, for times without one) has then, from this test's own table.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.formats.liveblog import ORDER_UNCLEAR_NOTE, read_liveblog

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PARAGRAPH = st.lists(
    st.sampled_from(["talks", "resume", "envoy", "says", "the", "truce", "holds", "Geneva"]), min_size=1
).map(lambda words: " ".join(words).capitalize() + ".")


def _twelve(hour: int) -> tuple[int, str]:
    return hour % 12 or 12, "a" if hour < 12 else "p"


#: shape -> the label printed for an hour and minute
TIME_SHAPES = {
    "ap": lambda h, m: f"{_twelve(h)[0]}:{m:02d} {_twelve(h)[1]}.m.",
    "no final period": lambda h, m: f"{_twelve(h)[0]}:{m:02d} {_twelve(h)[1]}.m",
    "compact with zone": lambda h, m: f"{_twelve(h)[0]}.{m:02d}{_twelve(h)[1]}m BST",
    "24-hour": lambda h, m: f"{h:02d}:{m:02d}",
    "24-hour dot with zone": lambda h, m: f"{h}.{m:02d} GMT",
    "24-hour no colon with zone": lambda h, m: f"{h:02d}{m:02d} GMT",
    "zone after": lambda h, m: f"{_twelve(h)[0]}:{m:02d} {_twelve(h)[1]}.m. ET",
    "named zone": lambda h, m: f"{_twelve(h)[0]}:{m:02d} {_twelve(h)[1]}.m. UK time",
}
SEPARATORS = ["", "___", "__", "———", "—", "–", "***"]
#: The first day of a winter and of a summer blog: ten entries under twelve hours apart
#: stay days away from any change of clocks.
SEASONS = {"winter": datetime(2021, 11, 29), "summer": datetime(2021, 6, 14)}
#: shape -> the zone printed and its UTC offset in hours in (winter, summer). A shape with
#: no zone is Geneva's time, as the lead says "(all times local)". "BST" is +1 all year:
#: the printed abbreviation wins over London's winter time (and that is noted).
OFFSETS = {
    "compact with zone": ("BST", (1, 1)),
    "24-hour dot with zone": ("GMT", (0, 0)),
    "24-hour no colon with zone": ("GMT", (0, 0)),
    "zone after": ("ET", (-5, -4)),
    "named zone": ("UK time", (0, 1)),
}
GENEVA = ("Europe/Zurich", (1, 2))


@fuzz
@given(
    st.integers(0, 1439),
    st.lists(
        st.tuples(st.integers(1, 700), st.lists(PARAGRAPH, min_size=1, max_size=3)), min_size=1, max_size=10
    ),
    st.sampled_from(sorted(TIME_SHAPES)),
    st.booleans(),
    st.sampled_from(SEPARATORS),
    st.sampled_from(["date line", "byline", "title"]),
    st.sampled_from(["latest", "plain", "none"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(SEASONS)),
)
def test_generated_blogs_in_every_shape_parse_back(
    start: int,
    steps: list[tuple[int, list[str]]],
    shape: str,
    inline: bool,
    separator: str,
    date_source: str,
    title_shape: str,
    agency: bool,
    oldest_first: bool,
    season: str,
) -> None:
    moment = SEASONS[season] + timedelta(minutes=start)
    expected = []
    for index, (gap, paragraphs) in enumerate(steps):
        moment += timedelta(minutes=gap if index else 0)
        expected.append((moment, "\n\n".join(paragraphs)))
    day = expected[0][0].date()
    stated = f"{day:%B} {day.day}, {day.year}"
    label_of = TIME_SHAPES[shape]
    blocks = []
    printed = expected if oldest_first else expected[::-1]
    for when, text in printed:
        label = label_of(when.hour, when.minute)
        blocks.append(f"{label}: {text}" if inline else f"{label}\n\n{text}")
    title = {"latest": "The Latest: Generated", "plain": "Generated report", "none": None}[title_shape]
    if date_source == "title":
        title = f"Talks update {stated}"
    header = [title] if title else []
    header.append(stated if date_source == "date line" else f"- Ledger Wire - {day:%A}, {stated}")
    if date_source == "title":
        header.pop()
    header.append(f"GENEVA {'(AP) ' if agency else ''}— The latest (all times local):")
    source = "\n\n".join(header) + "\n\n" + f"\n\n{separator}\n\n".join(blocks) + "\n"

    batch = read_liveblog(source.encode(), "generated-page.txt")

    (dispatch,) = batch.dispatches
    assert dispatch.title == (title or "generated-page")
    assert dispatch.published == day.isoformat()
    assert dispatch.meta.get("date_source") == (None if date_source == "date line" else date_source)
    assert (dispatch.dateline, dispatch.time_basis) == ("GENEVA", "local")
    want = [
        (label_of(when.hour, when.minute), when.strftime("%Y-%m-%dT%H:%M:00"), text) for when, text in printed
    ]
    got = [(e.time_label, e.timestamp, e.text) for e in batch.entries]
    if dispatch.meta.get("order") == "unclear":  # every step crossed midnight: reported, not guessed silently
        assert batch.problems == [f"generated-page.txt: '{dispatch.title}': {ORDER_UNCLEAR_NOTE}"]
        assert [(label, text) for label, _, text in got] == [(label, text) for label, _, text in want]
        return
    zone, (winter, summer) = OFFSETS.get(shape, GENEVA)
    if (zone, season) == ("BST", "winter"):
        (note,) = batch.problems
        assert "'BST' printed on " in note and "+01:00 is used" in note
    else:
        assert not batch.problems
    assert dispatch.meta.get("order") == ("oldest first" if oldest_first and len(expected) > 1 else None)
    assert got == want
    offset = timedelta(hours=winter if season == "winter" else summer)
    assert [(e.zone, e.utc) for e in batch.entries] == [
        (zone, (when - offset).strftime("%Y-%m-%dT%H:%M:00Z")) for when, _ in printed
    ]

"""Property test: generated blogs in every recognised shape parse back to what was generated.

Each blog mixes one time-line shape, one separator, one date source, one title shape, one
dateline shape, one heading shape and one shape of date on the time lines; entries are
generated oldest first with gaps under twelve hours (so midnight crossings occur) and
printed newest or oldest first. Each blog falls in winter or in summer, and each entry's
UTC time is checked against the offset its printed zone (or the Geneva dateline, for times
without one) has then, from this test's own table. Untimed posts are generated with a
heading over each entry.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.formats.importers.liveblog.day import ORDER_UNCLEAR_NOTE
from workbench.formats.importers.liveblog.parse import read_liveblog

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
#: Headings under or beside a time: capitalised, no closing punctuation, and no word a
#: time line could read as a zone, weekday or month.
HEADING = st.lists(
    st.sampled_from(["talks", "resume", "envoy", "truce", "holds", "Geneva", "delegates", "leave"]),
    min_size=2,
    max_size=6,
).map(lambda words: " ".join(words).capitalize())
#: shape -> where a generated heading goes relative to its time line
HEADING_SHAPES = ["none", "under", "beside"]
#: shape -> the date printed after a time line's time, for a day
LINE_DATES = {
    "none": lambda day: "",
    "month day": lambda day: f", {day:%B} {day.day}",
    "month day year": lambda day: f", {day:%B} {day.day}, {day.year}",
    "numeric": lambda day: f" {day.day}.{day.month}.{day.year}",
}
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
    st.sampled_from(["date line", "byline", "title", "time line"]),
    st.sampled_from(["latest", "plain", "none"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(SEASONS)),
    st.sampled_from(HEADING_SHAPES),
    st.sampled_from(sorted(LINE_DATES)),
    st.data(),
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
    heading_shape: str,
    line_date: str,
    data: st.DataObject,
) -> None:
    if date_source == "time line" and "year" not in line_date and line_date != "numeric":
        line_date = "numeric"  # the page's only date: the time lines print it whole
    if heading_shape == "beside" and (inline or line_date in ("month day year", "numeric")):
        heading_shape = "under"  # beside an inline text or a year there is no heading shape
    moment = SEASONS[season] + timedelta(minutes=start)
    expected = []
    for index, (gap, paragraphs) in enumerate(steps):
        moment += timedelta(minutes=gap if index else 0)
        heading = data.draw(HEADING) if heading_shape != "none" else None
        expected.append((moment, heading, "\n\n".join(paragraphs)))
    day = expected[0][0].date()
    stated = f"{day:%B} {day.day}, {day.year}"
    label_of = TIME_SHAPES[shape]
    blocks = []
    printed = expected if oldest_first else expected[::-1]
    for when, heading, text in printed:
        line = label_of(when.hour, when.minute) + LINE_DATES[line_date](when.date())
        if heading_shape == "beside":
            line = f"{line} {heading}"
        body = f"{heading}\n\n{text}" if heading and heading_shape == "under" else text
        blocks.append(f"{line}: {body}" if inline else f"{line}\n\n{body}")
    title = {"latest": "The Latest: Generated", "plain": "Generated report", "none": None}[title_shape]
    if date_source == "title":
        title = f"Talks update {stated}"
    header = [title] if title else []
    header.append(stated if date_source == "date line" else f"- Ledger Wire - {day:%A}, {stated}")
    if date_source in ("title", "time line"):
        header.pop()
    header.append(f"GENEVA {'(AP) ' if agency else ''}— The latest (all times local):")
    source = "\n\n".join(header) + "\n\n" + f"\n\n{separator}\n\n".join(blocks) + "\n"

    batch = read_liveblog(source.encode(), "generated-page.txt")

    (dispatch,) = batch.dispatches
    assert dispatch.title == (title or "generated-page")
    order_unclear = dispatch.meta.get("order") == "unclear"
    if not (order_unclear and date_source == "time line"):  # the oldest entry is then a guess
        assert dispatch.published == day.isoformat()
    if date_source == "title" and line_date in ("month day year", "numeric"):
        date_source = "time line"  # a whole date on a time line is trusted over the title's
    assert dispatch.meta.get("date_source") == (None if date_source == "date line" else date_source)
    assert (dispatch.dateline, dispatch.time_basis) == ("GENEVA", "local")
    want = [
        (label_of(when.hour, when.minute), when.strftime("%Y-%m-%dT%H:%M:00"), heading, text)
        for when, heading, text in printed
    ]
    got = [(e.time_label, e.timestamp, e.heading, e.text) for e in batch.entries]
    order_note = f"generated-page.txt: '{dispatch.title}': {ORDER_UNCLEAR_NOTE}"
    if order_unclear:  # every step crossed midnight: reported, not guessed silently
        assert batch.problems[0] == order_note
    if order_unclear and line_date == "none":  # the days are then a guess
        assert batch.problems == [order_note]
        assert [(g[0], g[2], g[3]) for g in got] == [(w[0], w[2], w[3]) for w in want]
        return
    zone, (winter, summer) = OFFSETS.get(shape, GENEVA)
    zone_notes = [problem for problem in batch.problems if problem != order_note]
    if (zone, season) == ("BST", "winter"):
        (note,) = zone_notes
        assert "'BST' printed on " in note and "+01:00 is used" in note
    else:
        assert not zone_notes
    if not order_unclear:  # (with a date on every time line, the days are known all the same)
        assert dispatch.meta.get("order") == ("oldest first" if oldest_first and len(expected) > 1 else None)
    assert got == want
    offset = timedelta(hours=winter if season == "winter" else summer)
    assert [(e.zone, e.utc) for e in batch.entries] == [
        (zone, (when - offset).strftime("%Y-%m-%dT%H:%M:00Z")) for when, _, _ in printed
    ]


#: shape -> the heading line printed over entry ``number`` (from 1) for generated words
UNTIMED_HEADINGS = {
    "capitals": lambda number, words: " ".join(words).upper(),
    "numbered": lambda number, words: f"{number}. " + " ".join(words).capitalize(),
    "title case": lambda number, words: " ".join(word.capitalize() for word in words),
}
HEADING_WORDS = st.lists(
    st.sampled_from(["talks", "resume", "envoy", "truce", "holds", "Geneva", "delegates", "leave", "the"]),
    min_size=2,
    max_size=6,
).filter(lambda words: words[0] != "the")


@fuzz
@given(
    st.lists(st.tuples(HEADING_WORDS, st.lists(PARAGRAPH, min_size=1, max_size=3)), min_size=2, max_size=8),
    st.sampled_from(sorted(UNTIMED_HEADINGS)),
    st.sampled_from(SEPARATORS),
    st.sampled_from(["lead", "paragraph", "none"]),
    st.booleans(),
)
def test_generated_untimed_posts_split_at_every_heading(
    sections: list[tuple[list[str], list[str]]], shape: str, separator: str, opening: str, tight: bool
) -> None:
    """A "Here's the latest" page, a numbered post or a digest with title-case headings: one
    entry per heading, the heading apart from its text; an opening that announces the list
    is the lead, an ordinary opening paragraph the first entry, without a heading."""
    heading_of = UNTIMED_HEADINGS[shape]
    expected = [
        (heading_of(n, words), "\n\n".join(paragraphs)) for n, (words, paragraphs) in enumerate(sections, 1)
    ]
    # Only a title-case heading needs a paragraph of its own.
    gap = "\n" if tight and shape != "title case" else "\n\n"
    blocks = [f"{heading}{gap}{text}" for heading, text in expected]
    header = ["Here's the latest on the talks", "November 29, 2021"]
    if opening == "lead":
        header.append("GENEVA (AP) — Delegates met again on Monday. Here's the latest:")
    elif opening == "paragraph":
        header.append("GENEVA (AP) — Delegates met again on Monday.")
        expected.insert(0, (None, header[-1]))
    source = "\n\n".join(header) + "\n\n" + f"\n\n{separator}\n\n".join(blocks) + "\n"

    batch = read_liveblog(source.encode(), "generated-post.txt")

    (dispatch,) = batch.dispatches
    assert (dispatch.title, dispatch.published) == ("Here's the latest on the talks", "2021-11-29")
    assert dispatch.lead == (header[-1] if opening == "lead" else None)
    assert [(e.heading, e.text) for e in batch.entries] == expected
    assert all(e.time_label is None and e.timestamp is None for e in batch.entries)
    assert len({e.id for e in batch.entries}) == len(batch.entries)

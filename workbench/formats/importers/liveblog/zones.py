"""Recognising the zone a live blog's printed times name, and the UTC instant of each entry.

A time line may name its zone (``2:03 p.m. EST``, ``18:31 GMT``, ``12:05 p.m. Singapore
time``; see ``liveblog.times``), or the lead may say ``(all times local)``, meaning the
dateline's zone (``BEIRUT (AP) —``). Both are resolved here with small tables to an IANA
zone of the standard library's ``zoneinfo``, which knows each zone's daylight-saving rules:

- abbreviations (``ET``, ``EDT``, ``EST``, ``GMT``, ``BST``, ``CET``, ``JST``, ``IST`` for
  India ...): an abbreviation that names one offset (``EST`` is always -05:00) keeps it,
  even when the IANA zone disagrees that day (``EST`` printed in July, when New York is on
  -04:00): the printed word is what the writer meant, and the disagreement is noted;
- ``GMT+3``, ``UTC-5``: that fixed offset;
- ``<place> time`` (``UK time``, ``Moscow time``, ``Kyiv time``): the place's zone;
- ``(all times local)``: the zone of the dateline's city, from a table of common ones.

A name in none of the tables is kept as printed, with no UTC time, and ``resolve`` says
so in a note for the import summary. Entries are dated in local time elsewhere
(``liveblog.order``); this module only adds ``Entry.zone`` and ``Entry.utc`` beside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

#: Abbreviation -> (IANA zone, the offset in minutes it names, or None when it names the
#: zone's time whatever the season, as ``ET`` does). ``IST`` is India's: the abbreviation
#: is also Irish and Israeli, but India's is the one news wires print.
ABBREVIATIONS: dict[str, tuple[str, int | None]] = {
    "ET": ("America/New_York", None),
    "EST": ("America/New_York", -300),
    "EDT": ("America/New_York", -240),
    "CT": ("America/Chicago", None),
    "CST": ("America/Chicago", -360),
    "CDT": ("America/Chicago", -300),
    "MT": ("America/Denver", None),
    "MST": ("America/Denver", -420),
    "MDT": ("America/Denver", -360),
    "PT": ("America/Los_Angeles", None),
    "PST": ("America/Los_Angeles", -480),
    "PDT": ("America/Los_Angeles", -420),
    "GMT": ("UTC", 0),
    "UTC": ("UTC", 0),
    "BST": ("Europe/London", 60),
    "WET": ("Europe/Lisbon", 0),
    "WEST": ("Europe/Lisbon", 60),
    "CET": ("Europe/Paris", 60),
    "CEST": ("Europe/Paris", 120),
    "EET": ("Europe/Athens", 120),
    "EEST": ("Europe/Athens", 180),
    "MSK": ("Europe/Moscow", 180),
    "IST": ("Asia/Kolkata", 330),
    "PKT": ("Asia/Karachi", 300),
    "SGT": ("Asia/Singapore", 480),
    "HKT": ("Asia/Hong_Kong", 480),
    "JST": ("Asia/Tokyo", 540),
    "KST": ("Asia/Seoul", 540),
    "AEST": ("Australia/Sydney", 600),
    "AEDT": ("Australia/Sydney", 660),
}

#: The place before "time" (``Singapore time``, ``UK time``), lower case -> IANA zone.
PLACE_TIMES: dict[str, str] = {
    "uk": "Europe/London",
    "british": "Europe/London",
    "london": "Europe/London",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "new york": "America/New_York",
    "washington": "America/New_York",
    "ohio": "America/New_York",
    "moscow": "Europe/Moscow",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "brussels": "Europe/Brussels",
    "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong",
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "tokyo": "Asia/Tokyo",
    "japan": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "korea": "Asia/Seoul",
    "india": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "israel": "Asia/Jerusalem",
    "jerusalem": "Asia/Jerusalem",
    "beirut": "Asia/Beirut",
    "turkey": "Europe/Istanbul",
    "istanbul": "Europe/Istanbul",
    "tehran": "Asia/Tehran",
    "iran": "Asia/Tehran",
    "sydney": "Australia/Sydney",
}

#: Common dateline cities (as printed, upper case) -> IANA zone, for ``(all times local)``.
DATELINE_CITIES: dict[str, str] = {
    "ABUJA": "Africa/Lagos",
    "ADDIS ABABA": "Africa/Addis_Ababa",
    "ALEPPO": "Asia/Damascus",
    "ALGIERS": "Africa/Algiers",
    "ALMATY": "Asia/Almaty",
    "AMMAN": "Asia/Amman",
    "AMSTERDAM": "Europe/Amsterdam",
    "ANKARA": "Europe/Istanbul",
    "ASTANA": "Asia/Almaty",
    "ATHENS": "Europe/Athens",
    "BAGHDAD": "Asia/Baghdad",
    "BAKU": "Asia/Baku",
    "BANGKOK": "Asia/Bangkok",
    "BASRA": "Asia/Baghdad",
    "BEIJING": "Asia/Shanghai",
    "BEIRUT": "Asia/Beirut",
    "BELGRADE": "Europe/Belgrade",
    "BERLIN": "Europe/Berlin",
    "BOGOTA": "America/Bogota",
    "BOSTON": "America/New_York",
    "BRUSSELS": "Europe/Brussels",
    "BUCHAREST": "Europe/Bucharest",
    "BUDAPEST": "Europe/Budapest",
    "BUENOS AIRES": "America/Argentina/Buenos_Aires",
    "CAIRO": "Africa/Cairo",
    "CANBERRA": "Australia/Sydney",
    "CARACAS": "America/Caracas",
    "CHICAGO": "America/Chicago",
    "COPENHAGEN": "Europe/Copenhagen",
    "DAMASCUS": "Asia/Damascus",
    "DHAKA": "Asia/Dhaka",
    "DOHA": "Asia/Qatar",
    "DUBAI": "Asia/Dubai",
    "DUBLIN": "Europe/Dublin",
    "ERBIL": "Asia/Baghdad",
    "GAZA CITY": "Asia/Gaza",
    "GENEVA": "Europe/Zurich",
    "HANOI": "Asia/Ho_Chi_Minh",
    "HAVANA": "America/Havana",
    "HELSINKI": "Europe/Helsinki",
    "HOMS": "Asia/Damascus",
    "HONG KONG": "Asia/Hong_Kong",
    "HOUSTON": "America/Chicago",
    "IDLIB": "Asia/Damascus",
    "ISLAMABAD": "Asia/Karachi",
    "ISTANBUL": "Europe/Istanbul",
    "JAKARTA": "Asia/Jakarta",
    "JERUSALEM": "Asia/Jerusalem",
    "JOHANNESBURG": "Africa/Johannesburg",
    "KABUL": "Asia/Kabul",
    "KARACHI": "Asia/Karachi",
    "KATHMANDU": "Asia/Kathmandu",
    "KHARKIV": "Europe/Kyiv",
    "KHARTOUM": "Africa/Khartoum",
    "KIEV": "Europe/Kyiv",
    "KINSHASA": "Africa/Kinshasa",
    "KYIV": "Europe/Kyiv",
    "LAGOS": "Africa/Lagos",
    "LIMA": "America/Lima",
    "LISBON": "Europe/Lisbon",
    "LONDON": "Europe/London",
    "LOS ANGELES": "America/Los_Angeles",
    "LVIV": "Europe/Kyiv",
    "MADRID": "Europe/Madrid",
    "MANILA": "Asia/Manila",
    "MEXICO CITY": "America/Mexico_City",
    "MIAMI": "America/New_York",
    "MINSK": "Europe/Minsk",
    "MOGADISHU": "Africa/Mogadishu",
    "MOSCOW": "Europe/Moscow",
    "MOSUL": "Asia/Baghdad",
    "MUMBAI": "Asia/Kolkata",
    "NAIROBI": "Africa/Nairobi",
    "NEW DELHI": "Asia/Kolkata",
    "NEW YORK": "America/New_York",
    "ODESA": "Europe/Kyiv",
    "OSLO": "Europe/Oslo",
    "OTTAWA": "America/Toronto",
    "PARIS": "Europe/Paris",
    "PRAGUE": "Europe/Prague",
    "PYONGYANG": "Asia/Pyongyang",
    "RABAT": "Africa/Casablanca",
    "RAMALLAH": "Asia/Hebron",
    "RIYADH": "Asia/Riyadh",
    "ROME": "Europe/Rome",
    "SAN FRANCISCO": "America/Los_Angeles",
    "SANAA": "Asia/Aden",
    "SANTIAGO": "America/Santiago",
    "SAO PAULO": "America/Sao_Paulo",
    "SARAJEVO": "Europe/Sarajevo",
    "SEATTLE": "America/Los_Angeles",
    "SEOUL": "Asia/Seoul",
    "SHANGHAI": "Asia/Shanghai",
    "SINGAPORE": "Asia/Singapore",
    "SOFIA": "Europe/Sofia",
    "STOCKHOLM": "Europe/Stockholm",
    "SYDNEY": "Australia/Sydney",
    "TAIPEI": "Asia/Taipei",
    "TBILISI": "Asia/Tbilisi",
    "TEHRAN": "Asia/Tehran",
    "TEL AVIV": "Asia/Jerusalem",
    "TOKYO": "Asia/Tokyo",
    "TORONTO": "America/Toronto",
    "TRIPOLI": "Africa/Tripoli",
    "TUNIS": "Africa/Tunis",
    "UNITED NATIONS": "America/New_York",
    "VIENNA": "Europe/Vienna",
    "WARSAW": "Europe/Warsaw",
    "WASHINGTON": "America/New_York",
    "YANGON": "Asia/Yangon",
    "YEREVAN": "Asia/Yerevan",
    "ZAGREB": "Europe/Zagreb",
}

#: A dateline's country or region (``VALMORE, Portugal``) -> its one zone, for a city not in
#: ``DATELINE_CITIES``; countries spanning several zones (the U.S., Russia, Brazil ...) are
#: left out on purpose.
DATELINE_COUNTRIES: dict[str, str] = {
    "afghanistan": "Asia/Kabul",
    "algeria": "Africa/Algiers",
    "argentina": "America/Argentina/Buenos_Aires",
    "austria": "Europe/Vienna",
    "bangladesh": "Asia/Dhaka",
    "belarus": "Europe/Minsk",
    "belgium": "Europe/Brussels",
    "britain": "Europe/London",
    "bulgaria": "Europe/Sofia",
    "chile": "America/Santiago",
    "china": "Asia/Shanghai",
    "colombia": "America/Bogota",
    "croatia": "Europe/Zagreb",
    "cuba": "America/Havana",
    "czech republic": "Europe/Prague",
    "denmark": "Europe/Copenhagen",
    "egypt": "Africa/Cairo",
    "england": "Europe/London",
    "ethiopia": "Africa/Addis_Ababa",
    "finland": "Europe/Helsinki",
    "france": "Europe/Paris",
    "germany": "Europe/Berlin",
    "greece": "Europe/Athens",
    "haiti": "America/Port-au-Prince",
    "hungary": "Europe/Budapest",
    "india": "Asia/Kolkata",
    "iran": "Asia/Tehran",
    "iraq": "Asia/Baghdad",
    "ireland": "Europe/Dublin",
    "israel": "Asia/Jerusalem",
    "italy": "Europe/Rome",
    "japan": "Asia/Tokyo",
    "jordan": "Asia/Amman",
    "kenya": "Africa/Nairobi",
    "lebanon": "Asia/Beirut",
    "libya": "Africa/Tripoli",
    "morocco": "Africa/Casablanca",
    "myanmar": "Asia/Yangon",
    "nepal": "Asia/Kathmandu",
    "netherlands": "Europe/Amsterdam",
    "new zealand": "Pacific/Auckland",
    "nigeria": "Africa/Lagos",
    "north korea": "Asia/Pyongyang",
    "norway": "Europe/Oslo",
    "pakistan": "Asia/Karachi",
    "peru": "America/Lima",
    "philippines": "Asia/Manila",
    "poland": "Europe/Warsaw",
    "portugal": "Europe/Lisbon",
    "qatar": "Asia/Qatar",
    "romania": "Europe/Bucharest",
    "saudi arabia": "Asia/Riyadh",
    "scotland": "Europe/London",
    "serbia": "Europe/Belgrade",
    "slovenia": "Europe/Ljubljana",
    "somalia": "Africa/Mogadishu",
    "south africa": "Africa/Johannesburg",
    "south korea": "Asia/Seoul",
    "spain": "Europe/Madrid",
    "sri lanka": "Asia/Colombo",
    "sudan": "Africa/Khartoum",
    "sweden": "Europe/Stockholm",
    "switzerland": "Europe/Zurich",
    "syria": "Asia/Damascus",
    "taiwan": "Asia/Taipei",
    "thailand": "Asia/Bangkok",
    "tunisia": "Africa/Tunis",
    "turkey": "Europe/Istanbul",
    "ukraine": "Europe/Kyiv",
    "venezuela": "America/Caracas",
    "vietnam": "Asia/Ho_Chi_Minh",
    "yemen": "Asia/Aden",
}

_FIXED = re.compile(r"(?:GMT|UTC)(?P<sign>[+-])(?P<hours>\d{1,2})")
#: ``Moscow time``; in a lead's ``(all times Moscow)`` the word "time" may be left out.
_PLACE_TIME = re.compile(r"(?P<place>.+?)(?:[ \t]+time)?", re.I)


@dataclass(frozen=True, slots=True)
class Zone:
    """A resolved zone: the name an entry records, and how its local times map to UTC."""

    #: ``Entry.zone``: the name as printed, or the IANA name for ``(all times local)``.
    name: str
    #: The zone's rules (daylight saving included); None when the name is not recognised.
    rules: tzinfo | None
    #: The offset the printed name itself fixes (``EST``: -05:00), which wins over ``rules``.
    offset: timedelta | None = None


def resolve(
    printed: str | None, time_basis: str | None, dateline: str | None
) -> tuple[Zone | None, str | None]:
    """The zone of an entry whose time line printed ``printed`` (or nothing), in a dispatch
    whose lead gave ``time_basis`` ("local" or a zone name) and ``dateline``, and a note
    when a zone was named but is not known. (None, None): no zone was named at all."""
    if printed:
        return _named(printed)
    if time_basis is None:
        return None, None
    if time_basis.lower() != "local":
        return _named(time_basis)
    zone_name = _dateline_zone(dateline) if dateline else None
    rules = _rules(zone_name) if zone_name else None
    if zone_name is None or rules is None:
        where = f"dateline {dateline!r}" if dateline else "no dateline"
        return None, f"times are local but the zone of {where} is not known; entries have no UTC time"
    return Zone(zone_name, rules), None


def _named(name: str) -> tuple[Zone, str | None]:
    """A zone named on a time line or in the lead: an abbreviation, a fixed offset or a place."""
    found = ABBREVIATIONS.get(name)
    if found is not None:
        key, minutes = found
        rules = _rules(key)
        if rules is not None:
            return Zone(name, rules, None if minutes is None else timedelta(minutes=minutes)), None
    fixed = _FIXED.fullmatch(name)
    if fixed is not None and int(fixed["hours"]) <= 14:
        offset = timedelta(hours=int(fixed["hours"])) * (1 if fixed["sign"] == "+" else -1)
        return Zone(name, timezone(offset), offset), None
    place = _PLACE_TIME.fullmatch(name)
    key_for_place = PLACE_TIMES.get(" ".join(place["place"].lower().split())) if place else None
    rules = _rules(key_for_place) if key_for_place else None
    if rules is not None:
        return Zone(name, rules), None
    return Zone(name, None), f"zone {name!r} is not known; its entries have no UTC time"


def _dateline_zone(dateline: str) -> str | None:
    """The zone of a dateline by its city (``BEIRUT``), else by the country after the comma
    (``SAN LORENZO, Chile``)."""
    city, _, country = dateline.partition(",")
    found = DATELINE_CITIES.get(" ".join(city.upper().split()))
    return found or DATELINE_COUNTRIES.get(" ".join(country.lower().split()))


def _rules(key: str) -> tzinfo | None:
    """The IANA zone ``key``; None when this system's zone data lacks it."""
    if key == "UTC":
        return UTC
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_of(timestamp: str, zone: Zone) -> tuple[str | None, str | None]:
    """The UTC instant (``2018-06-12T19:52:00Z``) of a local ``timestamp`` in ``zone``, and a
    note when the printed abbreviation's offset disagrees with the zone's rules that day.
    (None, None) when the zone is not known. ``entry_zones`` does the same for a dispatch."""
    offset, note = _offset(timestamp, zone)
    if offset is None:
        return None, None
    return (datetime.fromisoformat(timestamp) - offset).isoformat(timespec="seconds") + "Z", note


def _offset(timestamp: str, zone: Zone) -> tuple[timedelta | None, str | None]:
    """The offset from UTC a local ``timestamp`` has in ``zone`` and the note ``utc_of`` gives;
    None for an unknown zone, and in the first and last years of the calendar, where the
    instant could fall outside it (a UTC time must be a real day of years 1 to 9999)."""
    if zone.rules is None or not "0001" < timestamp[:4] < "9999":
        return None, None
    by_rules = _offset_in_hour(zone.rules, timestamp[:13])
    if by_rules is None:  # the clocks change within this hour: ask for this very minute
        by_rules = datetime.fromisoformat(timestamp).replace(tzinfo=zone.rules).utcoffset()
    offset = zone.offset if zone.offset is not None else by_rules
    if by_rules is not None and offset is not None and by_rules != offset:
        return offset, (
            f"{zone.name!r} printed on {timestamp[:10]}, when {zone.rules} is on {_hours(by_rules)}; "
            f"the printed {_hours(offset)} is used"
        )
    return offset, None


@lru_cache(maxsize=65536)
def _offset_in_hour(rules: tzinfo, hour: str) -> timedelta | None:
    """The zone's offset from UTC all through the local hour ``hour`` ("2018-06-12T19"), or
    None when it differs between the hour's first and last minute (the clocks change within
    it). Clocks change at most once an hour, so an import of 150,000 entries asks zoneinfo
    about an hour of the blogs once, not once per entry."""
    first = datetime.fromisoformat(hour + ":00").replace(tzinfo=rules)
    offset = first.utcoffset()
    return offset if (first + timedelta(minutes=59)).utcoffset() == offset else None


def _hours(offset: timedelta) -> str:
    """``-05:00`` for a timedelta of minus five hours."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def entry_zones(
    printed: Sequence[str | None], stamps: Sequence[str | None], time_basis: str | None, dateline: str | None
) -> tuple[list[tuple[str | None, str | None]], list[str]]:
    """Each entry's ``(zone, utc)`` from the zone its time line printed (None: the dispatch's
    ``time_basis`` holds) and its local timestamp, with the dispatch's notes, each said once.

    Names are resolved once per dispatch, and an abbreviation that disagrees with its zone's
    rules is noted once, with the first day and how many entries it touched. The instants
    are worked out for the whole dispatch at once by numpy (an import of 150,000 entries
    spends a fifth of the time it would entry by entry); ``utc_of`` gives the same one at a time.
    """
    resolved: dict[str | None, tuple[Zone | None, str | None]] = {}
    notes: dict[str, None] = {}  # an ordered set
    disagreeing: dict[str, tuple[str, int]] = {}
    result: list[tuple[str | None, str | None]] = []
    timed: list[int] = []
    local: list[str] = []
    seconds: list[int] = []
    #: (zone printed, local hour) -> ``_offset``'s answer, for hours the clocks do not change in.
    by_hour: dict[tuple[str | None, str], tuple[timedelta | None, str | None]] = {}
    for at, (name, stamp) in enumerate(zip(printed, stamps, strict=True)):
        if name not in resolved:
            resolved[name] = resolve(name, time_basis, dateline)
        zone, note = resolved[name]
        if note is not None:
            notes[note] = None
        result.append((None if zone is None else zone.name, None))
        if zone is None or stamp is None:
            continue
        hour = (name, stamp[:13])
        found = by_hour.get(hour)
        if found is None:
            found = _offset(stamp, zone)
            if zone.rules is not None and _offset_in_hour(zone.rules, stamp[:13]) is not None:
                by_hour[hour] = found
        offset, disagreement = found
        if offset is None:
            continue
        if disagreement is not None:
            first, count = disagreeing.get(zone.name, (disagreement, 0))
            disagreeing[zone.name] = (first, count + 1)
        timed.append(at)
        local.append(stamp)
        seconds.append(offset.days * 86400 + offset.seconds)
    if timed:
        instants = np.array(local, "datetime64[s]") - np.array(seconds, np.int64).astype("timedelta64[s]")
        for at, instant in zip(timed, np.datetime_as_string(instants, unit="s").tolist(), strict=True):
            result[at] = (result[at][0], instant + "Z")
    for first, count in disagreeing.values():
        notes[first + (f" ({count} entries)" if count > 1 else "")] = None
    return result, list(notes)

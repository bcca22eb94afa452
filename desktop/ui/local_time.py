"""Stored times (UTC, ISO 8601) shown as the user's local time, in the user's locale, with the zone.

The database keeps UTC (desktop/store/clock.py); only the window converts: QLocale formats the
date and time as the system's locale does, and the zone's abbreviation (or UTC offset) follows,
so "14:05 CET" is never mistaken for UTC.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QDateTime, QLocale


def _parse(stamp: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


def local_datetime(stamp: str) -> QDateTime | None:
    dt = _parse(stamp)
    if dt is None:
        return None
    return QDateTime.fromMSecsSinceEpoch(int(dt.timestamp() * 1000))  # in the local time zone


def zone_label(moment: QDateTime) -> str:
    """The zone's abbreviation ("CET", "IST"), or its UTC offset where it has none ("UTC+05:30")."""
    name = moment.timeZoneAbbreviation()
    if name and name[0] not in "+-" and not name[0].isdigit():
        return name
    offset = moment.offsetFromUtc()
    if offset == 0:
        return "UTC"
    sign = "+" if offset > 0 else "−"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def local_time(stamp: str | None, seconds: bool = False, zone: bool = True) -> str:
    """A stored UTC time as local date and time in the user's locale, labelled with the zone."""
    moment = local_datetime(stamp or "")
    if moment is None:
        return stamp or ""
    locale = QLocale()
    fmt = locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in fmt and "mm" in fmt:
        fmt = fmt.replace("mm", "mm:ss", 1)
    text = locale.toString(moment, fmt)
    return f"{text} {zone_label(moment)}" if zone else text


def local_clock(stamp: str | None) -> str:
    """Only the local time of day with seconds (the timeline's rows); the zone is in the header."""
    moment = local_datetime(stamp or "")
    if moment is None:
        return stamp or ""
    locale = QLocale()
    fmt = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if "ss" not in fmt and "mm" in fmt:
        fmt = fmt.replace("mm", "mm:ss", 1)
    return locale.toString(moment.time(), fmt)

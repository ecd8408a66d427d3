"""When the event in a sentence happened, resolved against the article's published date.

Wire copy dates events in a small set of shapes: a weekday ("on Sunday", "у неділю"),
a relative day ("yesterday", "вчера", "two days ago"), a relative week/month/year
("last week", "earlier this month", "минулого року"), or an absolute date ("on 12 March",
"12 березня", "in February 2022", "в феврале 2022 года").  Each shape is one regex and a
resolver; dateparser is not used: it costs ~2 ms a call, resolves bare weekdays to the
*next* one by default, and needs per-phrase settings to agree with the rules below,
while a month-name table covers every form we read (uk/ru case forms included).

Conventions:

* a weekday is the most recent one on or before the published day ("on Sunday" in a
  Sunday paper is that Sunday; "last Sunday" in a Sunday paper is a week earlier);
  "next Sunday" is in the future and gives None.
* "overnight", "last night", "вночі", "ночью" → the published day: the night that ends
  on the morning of publication, as Ukraine's air force dates "the night of 20 April"
  (into the 20th) and as morning wire reports use "overnight".
* a day and month without a year take the published year, or the year before when that
  would put them more than a day after publication.
* "last week" is the previous Monday–Sunday (ISO) week; "this week"/"earlier this month"/
  "this year" run from the start of the period to the published day.
* relative expressions need ``published``; without it only absolute dates resolve.
* dates more than a day after publication, or outside 1900–2100, give None.
* when several dates are found the most precise wins (day > week > month > year), then
  the earliest in the sentence; a date right after "said"/"заявив"/"сообщил" dates the
  statement, not the event, and is used only when nothing else is found.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from eventwire.model import EventDate

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# Wire copy is filed across time zones: an event may carry the next day's date.
FUTURE_SLACK = timedelta(days=1)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "January Jan",
            "February Feb",
            "March Mar",
            "April Apr",
            "May",
            "June Jun",
            "July Jul",
            "August Aug",
            "September Sept Sep",
            "October Oct",
            "November Nov",
            "December Dec",
        ],
        start=1,
    )
    for name in names.split()
}
# Nominative, genitive and locative forms (uk, then ru).
_CYRILLIC_MONTHS = {
    form: number
    for number, forms in enumerate(
        [
            "січень січня січні январь января январе",
            "лютий лютого лютому феврал февраль февраля феврале",
            "березень березня березні март марта марте",
            "квітень квітня квітні апрель апреля апреле",
            "травень травня травні май мая мае",
            "червень червня червні июнь июня июне",
            "липень липня липні июль июля июле",
            "серпень серпня серпні август августа августе",
            "вересень вересня вересні сентябрь сентября сентябре",
            "жовтень жовтня жовтні октябрь октября октябре",
            "листопад листопада листопаді ноябрь ноября ноябре",
            "грудень грудня грудні декабрь декабря декабре",
        ],
        start=1,
    )
    for form in forms.split()
}
_WEEKDAYS = {
    form: number
    for number, forms in enumerate(
        [
            "monday понеділок понеділка понеділку понедельник понедельника",
            "tuesday вівторок вівторка вівторку вторник вторника",
            "wednesday середа середу середи среда среду среды",
            "thursday четвер четверга четверг",
            "friday п'ятниця п'ятницю п'ятниці пятница пятницу пятницы",
            "saturday субота суботу суботи суббота субботу субботы",
            "sunday неділя неділю неділі воскресенье воскресенья",
        ]
    )
    for form in forms.split()
}
# "середа"/"среда" are also "among"/"environment": only after a preposition or "last".
_AMBIGUOUS_WEEKDAYS = frozenset({"середа", "середу", "середи", "среда", "среду", "среды"})
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "один": 1, "одну": 1, "два": 2, "дві": 2, "две": 2, "три": 3, "чотири": 4, "четыре": 4,
    "п'ять": 5, "пять": 5, "шість": 6, "шесть": 6, "сім": 7, "семь": 7, "вісім": 8, "восемь": 8,
    "дев'ять": 9, "девять": 9, "десять": 10,
}  # fmt: skip

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_CYR_MONTH = "|".join(sorted(_CYRILLIC_MONTHS, key=len, reverse=True))
_EN_MONTH = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUMBER = r"(\d{1,2}|" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + r")"
_YEAR_WORD = r"(?:\s*(?:року|році|рік|году|года|г\.|р\.))?"

# Cheap gate: no date can be read from a sentence with no word starting with one of these (~20 µs).
_GATE = re.compile(
    r"\b(?:\d{4}|\d{1,2}[./]\d|yesterday|today|tonight|overnight|night|morning|afternoon|evening|week|month|year|ago|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"вчора|учора|сьогодні|позавчора|ноч|вноч|уноч|тиж|місяц|рок|рік|торік|тому|понеділ|вівтор|серед|четвер|п.ятниц|субот|"
    r"неділ|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд|вчера|сегодня|позавчера|недел|месяц|"
    r"году|года|назад|понедельник|вторник|сред|четверг|пятниц|суббот|воскресен|январ|феврал|март|апрел|ма[яей]|"
    r"июн|июл|август|сентябр|октябр|ноябр|декабр)",
    re.IGNORECASE,
)
_SAID = re.compile(r"(?:said|says|told|announced|заяви\w*|повідоми\w*|сказа\w*|сообщи\w*|написа\w*)\s+(?:\w+\s+){0,2}$")


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    date: EventDate
    demoted: bool
    relative: bool


def _day(value: date) -> EventDate:
    return EventDate(start=value, end=value, precision="day")


def _month(year: int, month: int, end: date | None = None) -> EventDate:
    last = date(year, month, monthrange(year, month)[1])
    return EventDate(start=date(year, month, 1), end=min(last, end) if end else last, precision="month")


def _year(year: int, end: date | None = None) -> EventDate:
    last = date(year, 12, 31)
    return EventDate(start=date(year, 1, 1), end=min(last, end) if end else last, precision="year")


def _week(monday: date, end: date | None = None) -> EventDate:
    sunday = monday + timedelta(days=6)
    return EventDate(start=monday, end=min(sunday, end) if end else sunday, precision="week")


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _month_number(word: str) -> int | None:
    return _EN_MONTHS.get(word) or _CYRILLIC_MONTHS.get(word.lower())


def _year_for(month: int, day: int, published: date) -> int:
    """The year of a day and month given without one: never more than a day after publication."""
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return published.year - 1
    return published.year if candidate <= published + FUTURE_SLACK else published.year - 1


# Each rule: (pattern, resolver(match, published) -> EventDate | None, needs published).
def _absolute_day(match: re.Match[str], published: date | None) -> EventDate | None:
    groups = match.groupdict()
    month = _month_number(groups["month"]) if groups.get("month") else int(groups["mnum"])
    day = int(groups["day"])
    if groups.get("year"):
        year = int(groups["year"])
    elif published:
        year = _year_for(month, day, published)
    else:
        return None
    return _day(date(year, month, day))


def _month_year(match: re.Match[str], published: date | None) -> EventDate | None:
    return _month(int(match.group("year")), _month_number(match.group("month")) or 0)


def _month_alone(match: re.Match[str], published: date | None) -> EventDate | None:
    if published is None:
        return None
    month = _month_number(match.group("month")) or 0
    year = published.year if month <= published.month else published.year - 1
    return _month(year, month, end=published)


def _year_alone(match: re.Match[str], published: date | None) -> EventDate | None:
    return _year(int(match.group("year")))


def _days_ago(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    raw, unit = match.group("n").lower(), match.group("unit").lower()
    count = int(raw) if raw.isdigit() else _SMALL_NUMBERS.get(raw.translate(_APOSTROPHES), 0)
    if unit.startswith(("hour", "minute", "годин", "час", "хвилин", "минут")):
        return _day(published)
    if unit.startswith(("day", "дн", "ден", "доб", "діб", "сут")):
        return _day(published - timedelta(days=count))
    if unit.startswith(("week", "тиж", "нед")):
        target = published - timedelta(weeks=count)
        return _week(target - timedelta(days=target.weekday()))
    if unit.startswith(("month", "міс", "мес")):
        year, month = published.year, published.month - count
        while month < 1:
            year, month = year - 1, month + 12
        return _month(year, month)
    return _year(published.year - count)


def _relative(offset_days: int):
    def resolve(match: re.Match[str], published: date | None) -> EventDate | None:
        assert published is not None
        return _day(published - timedelta(days=offset_days))

    return resolve


def _weekday(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    word = match.group("weekday").lower().translate(_APOSTROPHES)
    modifier = (match.group("mod") or "").lower()
    if word in _AMBIGUOUS_WEEKDAYS and not modifier and not match.group("prep"):
        return None
    if modifier.startswith(("next", "наступн", "следующ", "coming")):
        return None
    delta = (published.weekday() - _WEEKDAYS[word]) % 7
    if delta == 0 and modifier.startswith(("last", "минул", "прошл")):
        delta = 7
    return _day(published - timedelta(days=delta))


def _this_week(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _week(published - timedelta(days=published.weekday()), end=published)


def _last_week(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _week(published - timedelta(days=published.weekday() + 7))


def _this_month(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _month(published.year, published.month, end=published)


def _last_month(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _month(*_previous_month(published))


def _this_year(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _year(published.year, end=published)


def _last_year(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    return _year(published.year - 1)


_RULES = [
    (r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b", _absolute_day, False),
    (r"(?<![\d.])(?P<day>\d{1,2})[./](?P<mnum>\d{1,2})[./](?P<year>\d{4})(?![\d.])", _absolute_day, False),
    (
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_EN_MONTH}|(?i:{_CYR_MONTH}))\b"
        rf"(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        _absolute_day,
        False,
    ),
    (
        rf"\b(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        _absolute_day,
        False,
    ),
    (rf"\b(?P<month>{_EN_MONTH}|(?i:{_CYR_MONTH}))\s+(?:of\s+)?(?P<year>\d{{4}})(?!\d)", _month_year, False),
    (
        rf"(?i:\b(?:in|during|since|early|late|mid-?|у|в|на\s+початку|наприкінці|в\s+начале|в\s+конце)\s+)"
        rf"(?P<month>{_EN_MONTH}|(?i:{_CYR_MONTH}))\b(?!\s*,?\s*\d)",
        _month_alone,
        True,
    ),
    (
        rf"(?i:\b(?:in|during|у|в|протягом|в\s+течение)\s+(?P<year>\d{{4}})(?!\d){_YEAR_WORD}"
        rf"|\b(?P<year2>\d{{4}})\s*(?:року|році|году|года|г\.|р\.))",
        None,
        False,
    ),
    (r"(?i:\bday\s+before\s+yesterday\b|\bпозавчора\b|\bпозавчера\b)", _relative(2), True),
    (r"(?i:\byesterday\b|\bвчора\b|\bучора\b|\bвчера\b)", _relative(1), True),
    (
        r"(?i:\b(?:today|tonight|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|overnight|"
        r"last\s+night|сьогодні|сегодня|цього\s+ранку|этим\s+утром|уночі|вночі|цієї\s+ночі|минулої\s+ночі|"
        r"ночью|этой\s+ночью|прошлой\s+ночью)\b)",
        _relative(0),
        True,
    ),
    (
        rf"(?i:\b(?P<n>{_NUMBER[1:-1]})\s+(?P<unit>days?|weeks?|months?|years?|hours?|minutes?|"
        r"дні|днів|день|дня|дней|доби|діб|суток|сутки|тижні|тижнів|недели|недель|місяці|місяців|месяца|месяцев|"
        r"роки|років|года|лет|годин\w*|час\w*|хвилин\w*|минут\w*)\s+(?:ago|тому|назад)\b)",
        _days_ago,
        True,
    ),
    (
        r"(?i:\b(?:a|one)\s+(?P<unit>week|month|year)\s+ago\b|\b(?P<unit2>тиждень|місяць|рік|неделю|месяц|год)\s+"
        r"(?:тому|назад)\b)",
        None,
        True,
    ),
    (
        rf"(?i:\b(?:(?P<prep>on|у|в|во|на|в\s+ніч\s+на|в\s+ночь\s+на)\s+)?(?:(?P<mod>last|next|this|coming|"
        rf"минул\w*|наступн\w*|цієї|цього|прошл\w*|следующ\w*|эт\w*)\s+)?(?P<weekday>{_WEEKDAY})\b)",
        _weekday,
        True,
    ),
    (
        r"(?i:\b(?:(?:earlier\s+)?this\s+week|цього\s+тижня|на\s+цьому\s+тижні|на\s+этой\s+неделе)\b)",
        _this_week,
        True,
    ),
    (
        r"(?i:\b(?:last\s+week|минулого\s+тижня|на\s+минулому\s+тижні|на\s+прошлой\s+неделе)\b)",
        _last_week,
        True,
    ),
    (
        r"(?i:\b(?:(?:earlier\s+)?this\s+month|цього\s+місяця|на\s+початку\s+місяця|в\s+этом\s+месяце|"
        r"в\s+начале\s+месяца)\b)",
        _this_month,
        True,
    ),
    (
        r"(?i:\b(?:last\s+month|минулого\s+місяця|у\s+минулому\s+місяці|в\s+прошлом\s+месяце)\b)",
        _last_month,
        True,
    ),
    (r"(?i:\b(?:(?:earlier\s+)?this\s+year|цього\s+року|в\s+этом\s+году)\b)", _this_year, True),
    (r"(?i:\b(?:last\s+year|минулого\s+року|торік|в\s+прошлом\s+году)\b)", _last_year, True),
]


def _resolve_year(match: re.Match[str], published: date | None) -> EventDate | None:
    return _year(int(match.group("year") or match.group("year2")))


def _resolve_one_ago(match: re.Match[str], published: date | None) -> EventDate | None:
    assert published is not None
    unit = (match.group("unit") or match.group("unit2")).lower()
    if unit in {"week", "тиждень", "неделю"}:
        return _day(published - timedelta(days=7))
    if unit in {"month", "місяць", "месяц"}:
        year, month = _previous_month(published)
        return _month(year, month)
    return _year(published.year - 1)


_COMPILED = [
    (
        re.compile(pattern),
        resolver or (_resolve_year if "year2" in pattern else _resolve_one_ago),
        needs_published,
    )
    for pattern, resolver, needs_published in _RULES
]


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _plausible(found: EventDate, published: date | None) -> bool:
    if found.start is None or not EARLIEST_YEAR <= found.start.year <= LATEST_YEAR:
        return False
    return published is None or found.start <= published + FUTURE_SLACK


def event_date(sentence: str, *, published: date | datetime | None, language: str | None = None) -> EventDate | None:
    """The date (or week, month, year) the sentence's event happened, or None.

    ``language`` is accepted for symmetry with the other event readers; the month and
    weekday tables hold en/uk/ru forms together, and they do not collide.
    """
    if not sentence or not _GATE.search(sentence):
        return None
    text = sentence.translate(_APOSTROPHES)
    day = _as_date(published)
    candidates: list[_Candidate] = []
    for pattern, resolve, needs_published in _COMPILED:
        if needs_published and day is None:
            continue
        for match in pattern.finditer(text):
            try:
                found = resolve(match, day)
            except (ValueError, OverflowError):
                continue  # 31 February, year 0, and such
            if found and _plausible(found, day):
                demoted = bool(_SAID.search(text[max(0, match.start() - 40) : match.start()].lower()))
                candidates.append(_Candidate(match.start(), found, demoted, needs_published))
    if not candidates:
        return None
    # Statement dates last; then precision; an absolute date beats a relative one of the same precision.
    best = min(candidates, key=lambda c: (c.demoted, _PRECISION_RANK[c.date.precision or "year"], c.relative, c.start))
    return best.date

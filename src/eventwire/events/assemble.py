"""From an article with its entities and places to the events it reports.

One sentence (or the title) is one *mention*: the classifier names what happened,
the trigger lexicon says where in the sentence, and the clause around the trigger
decides the flags.  Mentions of the same thing (same subtype, compatible place and
date) are merged into one event, so five sentences about one attack stay one event
and two attacks in two towns stay two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from eventwire.events import flags as flag_cues
from eventwire.events.casualties import casualties
from eventwire.events.classify import classify_batch
from eventwire.events.sentences import Sentence, split_sentences
from eventwire.events.triggers import TriggerHit, find_triggers, passes_gate
from eventwire.events.typology import get as subtype_info
from eventwire.events.when import event_date
from eventwire.model import Article, Count, Entity, Event, EventDate, EventPlace, Evidence, Place

# A label backed by a trigger word in the sentence is an event from this probability on; a label
# the model proposes with no trigger word needs much more (hand-set on the bundled sample and the
# classifier's own training snippets, never on an evaluation file).
MIN_WITH_TRIGGER = 0.15
MIN_WITHOUT_TRIGGER = 0.6
# Speech acts frame the event they mention: "demands the lifting of sanctions" is a demand,
# "accused Russia of shelling" an accusation, "threatened to strike" a threat (PLOVER's reading).
SPEECH_ACTS = frozenset({"request", "accuse", "threaten", "reject", "claim_responsibility"})
# Probability given to a speech act that the trigger lexicon found but the model did not rank.
SPEECH_ACT_PRIOR = 0.3
# Confidence multipliers: how much each flag lowers trust in "this happened as stated".
PENALTY = {"headline_only": 0.5, "hypothetical": 0.6, "negated": 0.5, "background": 0.7, "reported": 0.9}
# An event without a place in its sentences is less useful and less certain.
NO_LOCATION_PENALTY = 0.85
# A fronted adverbial ("On Sunday,", "Late on Tuesday,") is this short; a longer first clause is a clause.
FRONTED_MAX_WORDS = 5
# An actor after one of these words is an object ("angry on Putin", "talks with Witkoff"), not the doer.
_OBJECT_PREPOSITION = re.compile(r"(?:on|against|at|with|to|from|by|of|for|about|над|проти|против|з|с|на|до)\s+$", re.I)
# Words that put what follows them at a place.
_LOCATIVE = re.compile(
    r"(?:in|on|at|near|outside|over|into|у|в|на|під|под|біля|около|поблизу|возле)\s+(?:the\s+)?$", re.I
)
# Reporting cues next to a name: that person told of the event ("повідомив мер ...", "..., X said").
REPORTER_WINDOW = 40
_REPORT_BEFORE = re.compile(
    r"(?:said|told|according\s+to|повідомив|повідомила|заявив|заявила|за\s+словами|сообщил|сообщила|заявил|"
    r"по\s+словам)\s+(?:[\w.-]+\s+){0,3}$",
    re.I,
)
_REPORT_AFTER = re.compile(r"[’']?s?\s*(?:said|says|told|reported|wrote)\b", re.I)
# Hypothetical cues that turn any event into a threat ("could impose sanctions", "threatened to strike").
_THREAT_CUE = re.compile(r"threat|warn|possib|could|might|may|vow|погро|пригроз|загро|угрож|може|может", re.I)
# Clause boundaries around a trigger: flags are read inside the trigger's own clause.
_CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\s(?:but|and|while|whereas|although|when|after|before|а|але|но|и|і|та)\s")
# A trigger inside a relative clause tells of something else, usually earlier ("which was helped by the talks").
_RELATIVE = re.compile(r"(?:,\s*|\s)(?:which|who|whose|що|який|яка|які|который|которая|которые)\s[^,;]*$", re.I)
# Feature codes by precision: 1 exact town, 2 district or near, 3 region, country or wider.
_PRECISION_OF = (("PPL", 1), ("ADM2", 2), ("ADM3", 2), ("ADM4", 2))
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass
class Mention:
    """One sentence's report of one event, before merging."""

    subtype: str
    probability: float
    where: str  # "title" | "text"
    sentence: Sentence
    trigger: TriggerHit | None
    flags: set[str] = field(default_factory=set)
    fatalities: Count | None = None
    injuries: Count | None = None
    when: EventDate | None = None
    place: Place | None = None
    actor1: str | None = None
    actor2: str | None = None
    follow_ups: list[Sentence] = field(default_factory=list)  # sentences that only add casualties


def _precision(place: Place) -> int:
    code = place.feature_code or ""
    return next((p for prefix, p in _PRECISION_OF if code.startswith(prefix)), 3)


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """(clause before and including the trigger, clause after it) within one sentence."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    left = text[breaks[-1] if breaks else 0 : end]
    after = _CLAUSE_BREAK.search(text, end)
    right = text[end : after.start() if after else len(text)]
    return left, right


def _date(sentence: str, clause: str, article: Article, language: str | None) -> EventDate | None:
    """The trigger clause's own date, else one fronted at the sentence start ("On Sunday, ...")."""
    when = event_date(clause, published=article.published, language=language)
    if when is None:
        lead = _CLAUSE_BREAK.search(sentence)
        if lead and len(sentence[: lead.start()].split()) <= FRONTED_MAX_WORDS:
            when = event_date(sentence[: lead.start()], published=article.published, language=language)
    return when


def _flags(sentence: str, left: str, right: str, start: int, when: EventDate | None, published) -> set[str]:
    found: set[str] = set()
    if flag_cues.cue("hypothetical", left):
        found.add("hypothetical")
    if flag_cues.cue("negated", left):
        found.add("negated")
    if flag_cues.cue("reported", sentence):
        found.add("reported")
    if (
        flag_cues.is_background_date(when, published)
        or flag_cues.cue("background", left + right)
        or _RELATIVE.search(sentence[:start])
    ):
        found.add("background")
    return found


def _actor_name(entity: Entity, violent: bool) -> str:
    from eventwire.nlp.actors import lookup

    name = entity.canonical or entity.text
    if entity.label == "NORP" and violent:
        forces = lookup(f"{name} forces")
        if forces:
            return forces.name
    actor = lookup(name, fuzzy=False)
    return actor.name if actor and actor.kind != "person" else name


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _actors(entities: list[Entity], mention: Mention, clause_start: int, text: str) -> tuple[str | None, str | None]:
    """Actor 1: the subject of the trigger's clause, else the first named actor before the trigger;
    actor 2: the first named actor after the trigger (possessives like "Trump's envoy" name neither)."""
    violent = subtype_info(mention.subtype).event_type in VIOLENT_TYPES
    pivot = mention.sentence.start + (mention.trigger.start if mention.trigger else 0)
    s, e = mention.sentence.start, mention.sentence.end
    located = sorted(
        (start, entity)
        for entity in entities
        if entity.label in _ACTOR_LABELS
        for start, end in entity.mentions
        if s <= start and end <= e and not _possessive(text, end)
    )
    doers = [
        (start, ent)
        for start, ent in located
        if not _OBJECT_PREPOSITION.search(text[max(0, start - 12) : start]) and not _is_reporter(text, start, ent)
    ]
    in_clause = [ent for start, ent in doers if clause_start <= start < pivot]
    subject_gpe = [ent for start, ent in doers if start in (s, clause_start) and ent.label == "GPE"]
    nearest = [ent for start, ent in reversed(doers) if start < pivot and ent.label != "GPE"]
    first = (in_clause or subject_gpe or nearest or [None])[0]
    actor1 = _actor_name(first, violent) if first else _forces_in(text[clause_start:pivot])
    after = (
        ent for start, ent in located if start >= pivot and ent.label != "GPE" and not _is_reporter(text, start, ent)
    )
    actor2 = next((name for ent in after if (name := _actor_name(ent, violent)) != actor1), None)
    return actor1, actor2


def _is_reporter(text: str, start: int, entity: Entity) -> bool:
    """ "..., повідомив мер Ігор Терехов" / "..., Zelensky said": who reports an event did not do it."""
    before = text[max(0, start - REPORTER_WINDOW) : start]
    end = next((e for s, e in entity.mentions if s == start), start)
    return bool(_REPORT_BEFORE.search(before)) or bool(_REPORT_AFTER.match(text[end : end + REPORTER_WINDOW]))


@cache
def _forces_regex() -> re.Pattern[str] | None:
    """Aliases of armed forces and armed groups in the actor table, longest first."""
    from eventwire.nlp.actors import armed_actor_aliases

    aliases = sorted(armed_actor_aliases(), key=len, reverse=True)
    return re.compile(rf"(?<!\w)({'|'.join(map(re.escape, aliases))})(?!\w)", re.I) if aliases else None


def _forces_in(clause: str) -> str | None:
    """An armed force or group named in the clause but not recognised as an entity ("російські війська")."""
    from eventwire.nlp.actors import lookup

    rx = _forces_regex()
    match = rx.search(clause) if rx else None
    actor = lookup(match.group(1), fuzzy=False) if match else None
    return actor.name if actor else None


def _adjective_actor(places: list[Place], where: str, lo: int, pivot: int, violent: bool) -> str | None:
    """A nationality just before the trigger is the actor ("Russian drone attack", "Russian missiles hit")."""
    from eventwire.nlp.actors import lookup

    before = [p for p in places if p.in_ == where and lo <= p.start and p.end <= pivot and _is_adjective(p)]
    if not before:
        return None
    adjective = before[-1].mention
    actor = lookup(f"{adjective} forces") if violent else None
    return actor.name if actor else adjective


def _is_adjective(place: Place) -> bool:
    """ "Russian" in "Russian drone attack" names who, not where."""
    from eventwire.geo.recognise import demonyms
    from eventwire.geo.text import fold

    return fold(place.mention) in demonyms()


def _place_in(places: list[Place], where: str, lo: int, hi: int, trigger: tuple[int, int], text: str) -> Place | None:
    """The place named between ``lo`` and ``hi`` that says where the trigger happened.

    A place after a locative preposition ("on Kharkiv", "у Харкові") beats one that only
    stands nearby ("Ukraine Russia online: ..."); then the nearest to the trigger, then the most specific.
    """
    inside = [p for p in places if p.in_ == where and lo <= p.start and p.end <= hi and not _is_adjective(p)]

    def key(p: Place) -> tuple[bool, int, int, float]:
        distance = p.start - trigger[1] if p.start >= trigger[1] else max(0, trigger[0] - p.end)
        locative = bool(_LOCATIVE.search(text[max(0, p.start - 10) : p.start]))
        return (not locative, distance, _precision(p), -p.score)

    return min(inside, key=key, default=None)


def _choose_label(labels: list[tuple[str, float]], hits: list[TriggerHit]) -> tuple[str, float, TriggerHit | None]:
    """The subtype a sentence reports: speech acts first, then the best label a trigger word backs."""
    by_subtype: dict[str, TriggerHit] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        by_subtype.setdefault(hit.subtype, hit)
    probability = dict(labels)
    acts = [h for h in by_subtype.values() if h.subtype in SPEECH_ACTS]
    if acts and any(h.start > acts[0].start for h in by_subtype.values() if h.subtype not in SPEECH_ACTS):
        act = acts[0]
        return act.subtype, max(probability.get(act.subtype, 0.0), SPEECH_ACT_PRIOR), act
    for subtype, p in labels:
        if subtype in by_subtype and p >= MIN_WITH_TRIGGER:
            return subtype, p, by_subtype[subtype]
    if labels and labels[0][1] >= MIN_WITHOUT_TRIGGER:
        return labels[0][0], labels[0][1], None
    return "", 0.0, None


def _mentions(article: Article, places: list[Place], entities: list[Entity]) -> tuple[list[Mention], list[str]]:
    language = article.language
    units: list[tuple[str, Sentence]] = []
    if article.title:
        units.append(("title", Sentence(article.title, 0, len(article.title))))
    units += [("text", s) for s in split_sentences(article.text)]
    # Only sentences with a trigger word are embedded: the model is the expensive part, and a label
    # without a trigger word would need MIN_WITHOUT_TRIGGER, which the model alone rarely reaches.
    triggered = [
        (where, s, hits)
        for where, s in units
        if passes_gate(s.text, language) and (hits := find_triggers(s.text, language))
    ]
    ranked = classify_batch([s.text for _, s, _ in triggered], language=language) if triggered else []
    mentions: list[Mention] = []
    warnings: list[str] = []
    by_sentence: dict[int, Mention] = {}
    for (where, sentence, hits), labels in zip(triggered, ranked, strict=True):
        subtype, probability, trigger = _choose_label(labels, hits)
        if not subtype:
            continue
        start, end = (trigger.start, trigger.end) if trigger else (0, len(sentence.text))
        left, right = _clause(sentence.text, start, end)
        clause_start = start - len(left) + (end - start)
        when = _date(sentence.text, left + right, article, language)
        mention = Mention(subtype, probability, where, sentence, trigger, when=when)
        mention.flags = _flags(sentence.text, left, right, start, when, article.published)
        if "hypothetical" in mention.flags and subtype != "threaten" and _THREAT_CUE.search(sentence.text):
            mention.subtype = "threaten"
        fatalities, injuries, notes = casualties(sentence.text, language=language)
        if "hypothetical" not in mention.flags:
            mention.fatalities, mention.injuries = fatalities, injuries
        warnings += notes
        lo, hi = sentence.start + clause_start, sentence.start + end + len(right)
        span = (sentence.start + start, sentence.start + end)
        source = article.text if where == "text" else (article.title or "")
        mention.place = _place_in(places, where, lo, hi, span, source) or _place_in(
            places, where, sentence.start, sentence.end, span, source
        )
        if where == "text":
            mention.actor1, mention.actor2 = _actors(entities, mention, sentence.start + clause_start, article.text)
        if mention.actor1 is None:
            violent = subtype_info(mention.subtype).event_type in VIOLENT_TYPES
            mention.actor1 = _adjective_actor(places, where, lo, span[0], violent)
        mentions.append(mention)
        if where == "text":
            by_sentence[sentence.start] = mention
    warnings += _follow_up_casualties(article, units, by_sentence)
    return mentions, warnings


def _follow_up_casualties(
    article: Article, units: list[tuple[str, Sentence]], by_sentence: dict[int, Mention]
) -> list[str]:
    """A sentence that only counts the dead ("Three people were killed, 12 injured.") right after a
    violent event's sentence, in the same paragraph, gives that event its casualties."""
    warnings: list[str] = []
    previous: Mention | None = None
    for where, sentence in units:
        if where != "text":
            continue
        if sentence.start in by_sentence:
            previous = by_sentence[sentence.start]
            continue
        if previous is None or "\n" in article.text[previous.sentence.end : sentence.start]:
            previous = None
            continue
        if subtype_info(previous.subtype).event_type not in VIOLENT_TYPES or "hypothetical" in previous.flags:
            continue
        fatalities, injuries, notes = casualties(sentence.text, language=article.language)
        warnings += notes
        if fatalities is None and injuries is None:
            continue
        previous.fatalities = _count([previous.fatalities, fatalities])
        previous.injuries = _count([previous.injuries, injuries])
        previous.follow_ups.append(sentence)
    return warnings


def _compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid and a.geonameid == b.geonameid:
        return True
    # A country and a place inside it may be the same event told at two precisions.
    wider, narrower = (a, b) if _precision(a) > _precision(b) else (b, a)
    return _precision(wider) == 3 and wider.country is not None and wider.country == narrower.country


def _actors_of(mention: Mention) -> set[str]:
    return {a for a in (mention.actor1, mention.actor2) if a}


def _same_event(event: list[Mention], mention: Mention) -> bool:
    """Same subtype, same place (or none said), and no clash of who did it."""
    first = event[0]
    if first.subtype != mention.subtype:
        return False
    if ("background" in first.flags) != ("background" in mention.flags):
        return False
    if not all(_compatible(m.place, mention.place) for m in event):
        return False
    known = set().union(*(_actors_of(m) for m in event))
    return not known or not _actors_of(mention) or bool(known & _actors_of(mention))


def _group(mentions: list[Mention]) -> list[list[Mention]]:
    """Merge mentions of one event; the title joins a body event of the same subtype when it can."""
    groups: list[list[Mention]] = []
    body = [m for m in mentions if m.where == "text"]
    title = [m for m in mentions if m.where == "title"]
    for mention in body + title:
        target = next((g for g in groups if _same_event(g, mention)), None)
        if target is None:
            groups.append([mention])
        else:
            target.append(mention)
    return groups


def _count(values: list[Count | None]) -> Count | None:
    """The figure of the mention that says most (tolls rise as reports come in)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return max(known, key=lambda c: (c.min if c.min is not None else (c.max or 0), c.max or 0))


def _event(group: list[Mention], published: date | datetime | None) -> Event:
    group.sort(key=lambda m: (m.where != "title", m.sentence.start))
    main = max(group, key=lambda m: m.probability)
    flags = set.intersection(*(m.flags for m in group))
    flags |= {"reported"} if any("reported" in m.flags for m in group) else set()
    if all(m.where == "title" for m in group):
        flags.add("headline_only")
    place = next((m.place for m in sorted(group, key=lambda m: _precision(m.place) if m.place else 9) if m.place), None)
    when = next((m.when for m in group if m.when), None)
    if when is None and published is not None and "background" not in flags:
        day = published.date() if isinstance(published, datetime) else published
        when = EventDate(start=day, end=day, precision="day")
    confidence = main.probability
    for flag in flags:
        confidence *= PENALTY.get(flag, 1.0)
    if place is None:
        confidence *= NO_LOCATION_PENALTY
    info = subtype_info(main.subtype)
    return Event(
        type=info.event_type,
        subtype=main.subtype,
        actor1=next((m.actor1 for m in group if m.actor1), None),
        actor2=next((m.actor2 for m in group if m.actor2), None),
        location=EventPlace(**place.model_dump(), precision=_precision(place)) if place else None,
        date=when,
        fatalities=_count([m.fatalities for m in group]),
        injuries=_count([m.injuries for m in group]),
        evidence=[
            Evidence(text=s.text, start=s.start, end=s.end, in_=m.where)
            for m in group
            for s in (m.sentence, *m.follow_ups)
        ],
        flags=sorted(flags),  # type: ignore[arg-type]
        confidence=round(confidence, 3),
    )


def find_events(article: Article, *, entities: list[Entity], places: list[Place]) -> tuple[list[Event], list[str]]:
    """Events the article reports, each with evidence, flags and confidence; plus warnings."""
    if not article.text.strip() and not article.title:
        return [], []
    mentions, warnings = _mentions(article, places, entities)
    events = [_event(group, article.published) for group in _group(mentions)]
    events.sort(key=lambda e: (e.evidence[0].in_ != "title", e.evidence[0].start))
    return events, warnings

"""Find toponym mentions: NER place spans, gazetteer matches with enough support, adjectives.

A capitalised word that a gazetteer knows is not yet a place: GeoNames has villages called
"Police", "Mission" or "Of", Washington and Jordan are people too, and "Mars" is not on
Earth. A gazetteer match therefore needs one of: the NER model calling the span a place; a
name that is not an everyday word; or, for small places, a locative context ("near X", "під X").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from eventwire.geo.gazetteer import Gazetteer, GazPlace
from eventwire.geo.morph import is_common_word, lemmas
from eventwire.geo.sources import own_data
from eventwire.geo.text import GENERIC_WORDS, Token, fold, is_capitalised, is_cyrillic, tokenize
from eventwire.nlp.ner import Span

# Longest name, in tokens, looked up ("Democratic Republic of the Congo").
MAX_NGRAM = 5
# Lemma combinations tried per n-gram; inflected multi-word names need few (2 words x 3 lemmas).
MAX_COMBOS = 12
# English words at or above this Zipf frequency (wordfreq; 4.0 = once per 100k words) are
# everyday words as well as names ("Mission" 4.9, "Police" 5.3, "Turkey" 4.6, "Jordan" 4.5):
# such a name is a place only where NER says so. Tuned on GeoWebNews dev: 3.5 loses real towns
# that NER misses, 4.5 lets "Mission"-type villages through.
COMMON_ZIPF_EN = 4.0
# A name made only of words this frequent ("White House": 5.5, 5.7; "Media" 5.3) names a city
# by one of its alternate names only by accident (Casablanca, Médéa).
VERY_COMMON_ZIPF_EN = 5.0
# A place this large (or a country, region, sea) is known to every reader, so a Ukrainian or
# Russian dictionary word that is also its name ("Суми", "Орел") still counts as the place.
MAJOR_POPULATION = 100_000
# Without NER support or locative context a bare gazetteer match must be at least a town:
# villages of a few hundred people share names with too many words and surnames.
BARE_MATCH_MIN_POPULATION = 1_000

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCKING_LABELS = {"PERSON", "PER"}
EMBEDDING_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
# Bodies that are not on Earth: NER often labels them LOC, and they must never be geocoded.
OFF_EARTH = {"mars", "moon", "venus", "jupiter", "saturn", "mercury", "neptune", "uranus", "pluto", "sun",
             "марс", "місяць", "луна", "венера", "юпітер", "юпитер", "сатурн"}  # fmt: skip
# Words that join the parts of one name and may be lower case inside it.
_CONNECTORS = {"of", "the", "de", "la", "le", "les", "du", "des", "del", "da", "do", "dos", "das", "y", "upon",
               "on", "am", "an", "der", "al", "el", "and", "region", "oblast", "province", "krai", "state"}  # fmt: skip
# Words before a name that make it a place, whatever its size ("near Mission", "під Поле").
_LOCATIVE_BEFORE = {"in", "near", "at", "from", "outside", "to", "into", "towards", "toward", "around", "village",
                    "town", "city", "on", "via", "across", "в", "у", "во", "біля", "під", "под", "поблизу",
                    "возле", "около", "з", "із", "зі", "из", "до", "на", "село", "селі", "села", "селище",
                    "селищі", "селе", "поселок", "поселке",
                    "місто", "місті", "міста", "город", "городе", "города", "смт", "пгт", "с", "м", "г", "неподалік",
                    "вблизи", "напрямку", "направлении", "околицях", "окрестностях", "районі", "районе"}  # fmt: skip
# After an adjective these words show it is a language or a people, not a modifier.
_NOT_MODIFIED = {"and", "or", "but", "is", "are", "was", "were", "said", "says", "has", "have", "had", "who",
                 "which", "that", "in", "on", "at", "to", "of", "for", "with", "by", "as"}  # fmt: skip
_GAP_OK = re.compile(r"[ \t\u00a0]*\.?[ \t\u00a0]*")
# Words that end the name of a street or building: "Hampton Avenue" is a street (somewhere in
# the article's town), not the town of Hampton; "Windsor Castle" is where the castle is.
_FACILITY_WORDS = {"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "ln", "boulevard", "blvd",
                   "parade", "square", "terrace", "crescent", "place", "court", "way", "highway", "castle",
                   "chapel", "church", "cathedral", "basilica", "abbey", "elementary", "estate", "tower",
                   "mall", "plaza", "expressway", "freeway", "pike", "alley", "row"}  # fmt: skip
# Words before a name that make it a landform named after the place ("Cape Peron", "Mount Kenya").
_LANDFORM_BEFORE = {"cape", "point", "mt", "lake", "fort", "isle"}
# Compass words that may follow a street's type ("Eglinton Avenue West").
_COMPASS = {"north", "south", "east", "west", "n", "s", "e", "w", "nw", "ne", "sw", "se"}
# Words that start a sentence or a name without being part of it ("The Russian army").
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "both", "all", "its", "their", "his", "her",
                "our", "two", "three", "several", "many", "some", "no", "every", "each"}  # fmt: skip
# Lower-case prefixes joined to an adjective by a hyphen ("anti-Russian", "ex-Soviet").
_ADJ_PREFIXES = {"anti", "pro", "ex", "non", "all", "pan", "post", "pre", "neo", "un", "trans", "inter"}
# A dateline: a place name in capitals opening a line, then a dash, comma or "(AP)".
_DATELINE_AFTER = re.compile(r"[ \t]*(?:[,(—–-]|$)")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    source: str  # ner | gazetteer | adjective | embedded | unmatched
    candidates: list[tuple[int, bool]] = field(default_factory=list)
    confidence: float = 0.0


@cache
def demonyms() -> dict[str, str]:
    from eventwire.geo.build import subregion_adjectives

    table = {fold(k): v for k, v in subregion_adjectives().items()}
    table.update({fold(k): v for k, v in own_data("geo_demonyms.json")["adjectives"].items()})
    return table


def _cyrillic_langs(language: str | None) -> tuple[str, ...]:
    return (language,) if language in ("uk", "ru") else ("uk", "ru")


@lru_cache(maxsize=200_000)
def _word_forms(text: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    forms = [fold(text)]
    if text[-2:] in ("'s", "’s"):
        forms.append(fold(text[:-2]))
    head, _, tail = text.rpartition("-")
    if head and tail.islower() and not is_cyrillic(tail):
        forms.append(fold(head))  # "Dhabi-based", "Moscow-led"
    if is_cyrillic(text):
        for lang in langs:
            forms.extend(f for f in lemmas(text, lang) if f not in forms)
    return tuple(forms)


def _ngrams(text: str, tokens: list[Token], langs: tuple[str, ...]) -> dict[tuple[int, int], list[str]]:
    """Candidate keys for every token span that could be a name (starts with a capital)."""
    forms: dict[int, tuple[str, ...]] = {}  # a token's forms, made only for tokens an n-gram reaches

    def forms_of(k: int) -> tuple[str, ...]:
        f = forms.get(k)
        if f is None:
            f = forms[k] = _word_forms(tokens[k].text, langs)
        return f

    out: dict[tuple[int, int], list[str]] = {}
    for i, tok in enumerate(tokens):
        if not is_capitalised(tok.text):
            continue
        for j in range(i, min(i + MAX_NGRAM, len(tokens))):
            if j > i:
                if not _GAP_OK.fullmatch(text[tokens[j - 1].end : tokens[j].start]):
                    break
                word = tokens[j].text
                if not (is_capitalised(word) or is_cyrillic(word) or word.lower() in _CONNECTORS):
                    break
            combos = itertools.islice(itertools.product(*(forms_of(k) for k in range(i, j + 1))), MAX_COMBOS)
            out[(i, j)] = [" ".join(c) for c in combos]
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _is_risky(word: str, language: str | None, best: GazPlace | None) -> bool:
    """Is this single-word name also an everyday word of the text's language?"""
    key = fold(_strip_possessive(word))
    if is_cyrillic(word):
        major = best is not None and (best.kind != "city" or best.population >= MAJOR_POPULATION)
        # The Russian dictionary tags place names (Geox); the Ukrainian one lists "Харків" or
        # "Охтирка" as plain nouns, so it cannot tell a town from a word: ask the Russian one.
        return not major and is_common_word(word, "ru")
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= COMMON_ZIPF_EN


def _english_candidates(
    word: str, toks: list[Token], cands: list[tuple[int, bool]], places: dict[int, GazPlace | None], ner: bool
) -> list[tuple[int, bool]]:
    """The candidates an English name can mean."""
    if not ner and _all_common(word):
        # "White House" is an alternate name of Casablanca, "Media" of Médéa: an English text
        # writing everyday words means them, unless the words are the place's own name. A city
        # called by the name of its own region ("New York") keeps that name.
        regions = {(q.country, q.admin1) for q in places.values() if q is not None and q.kind == "admin1"}
        cands = [(p, m) for p, m in cands if (q := places[p]) is not None
                 and (m or q.kind != "city" or (q.country, q.admin1) in regions)]  # fmt: skip
    if all(fold(t.text) in GENERIC_WORDS for t in toks):
        # "West Coast", "North West", "Valley": directions and landforms, not the village of
        # that name in some other country.
        cands = [(p, m) for p, m in cands if (q := places[p]) is not None and q.kind != "city"]
    return cands


def _not_this_place(
    text: str,
    tokens: list[Token],
    i: int,
    j: int,
    best: GazPlace,
    exact_ner: bool,
    ner: bool,
    shouting: bool,
    people: dict[str, list[tuple[int, int]]],
) -> bool:
    """An English name that matched a town but names something else here."""
    word = text[tokens[i].start : tokens[j].end]
    before = tokens[i - 1] if i > 0 else None
    if before is not None and fold(before.text) in _LANDFORM_BEFORE and is_capitalised(before.text):
        # "Cape Peron", "Point Peron", "Lake Manassas": a feature named after (or beside) the town.
        return text[before.end : tokens[i].start] in (" ", ". ")
    if best.kind != "city" or i != j:
        return False
    if not shouting and _is_acronym(word) and (not exact_ner or best.population < MAJOR_POPULATION):
        # "AMLO", "BA", "SOL": initials, or a city's code among its alternate names.
        return True
    # The article names a person with this word ("Xi Chen" ... "Chen said"): a person, unless a
    # large town stands where a place is expected ("attack on Kharkov", which NER calls a person).
    if fold(_strip_possessive(word)) not in people:
        return False
    if best.population >= MAJOR_POPULATION and _locative_context(text, tokens, i):
        return False
    return best.population < 1_000_000 or not ner


def _strip_possessive(word: str) -> str:
    return word[:-2] if word[-2:] in ("'s", "’s") else word


def _all_common(word: str) -> bool:
    """Every word of a Latin name is a very common English word ("White House", "Media")."""
    from wordfreq import zipf_frequency

    words = [fold(_strip_possessive(t.text)) for t in tokenize(word)]
    return bool(words) and all(zipf_frequency(w, "en") >= VERY_COMMON_ZIPF_EN for w in words)


def _is_acronym(word: str) -> bool:
    """Capitals only ("AMLO", "BA", "P.A.", "MoD"-like mixes excluded): an abbreviation, not a name."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _shouting(text: str, s: int, e: int) -> bool:
    """The word stands in a run of capitals (a headline or dateline: "SAN DIEGO, MARCH 29")."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    letters = [ch for ch in line[: e - line_start + 40] if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return upper >= 0.6 * len(letters) or (
        text[line_start:s].strip() == "" and _DATELINE_AFTER.match(text, e) is not None
    )


def _person_words(text: str, spans: list[Span]) -> dict[str, list[tuple[int, int]]]:
    """Folded words of the people NER finds in the text, with where: "Chen" of "Xi Chen" is then
    not a town elsewhere in the article."""
    out: dict[str, list[tuple[int, int]]] = {}
    for x in spans:
        if x.label in BLOCKING_LABELS and not is_cyrillic(x.text):
            for t in tokenize(x.text):
                if is_capitalised(t.text):
                    out.setdefault(fold(_strip_possessive(t.text)), []).append((x.start, x.end))
    return out


def _facility_end(text: str, tokens: list[Token], j: int) -> int | None:
    """End of "<name> Avenue (West)" when a street or building word follows the name at ``j``."""
    k = j + 1
    if k >= len(tokens) or not is_capitalised(tokens[k].text) or text[tokens[j].end : tokens[k].start] != " ":
        return None
    if fold(tokens[k].text) not in _FACILITY_WORDS:
        return None
    end = tokens[k].end
    if text[end : end + 1] == ".":
        end += 1
    nxt = k + 1
    if nxt < len(tokens) and text[tokens[k].end : tokens[nxt].start] == " " and tokens[nxt].text in (
        "North", "South", "East", "West"
    ):  # fmt: skip
        end = tokens[nxt].end
    return end


def _sentence_initial(text: str, tokens: list[Token], i: int) -> bool:
    if i == 0:
        return True
    gap = text[tokens[i - 1].end : tokens[i].start]
    return any(ch in gap for ch in '.!?\n:«"“')


def _is_person_name(word: str, language: str | None) -> bool:
    """pymorphy3 knows the word as a first name, surname or patronymic (and not as a place)."""
    from eventwire.geo.morph import analyzer

    # Russian dictionary only: the Ukrainian one reads "Харкові" as the surname "Харко".
    parses = analyzer("ru").parse(word)
    known = [p for p in parses if p.is_known]
    return any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in known) and not any(
        "Geox" in p.tag.grammemes for p in known
    )


def _locative_context(text: str, tokens: list[Token], i: int) -> bool:
    if i == 0:
        return False
    prev = tokens[i - 1]
    gap = text[prev.end : tokens[i].start]
    return prev.text.lower() in _LOCATIVE_BEFORE and gap.strip() in ("", ".")


def recognise(text: str, language: str | None, spans: list[Span], gaz: Gazetteer) -> list[Mention]:
    """Toponym mentions in ``text``, non-overlapping, in text order."""
    tokens = tokenize(text)
    langs = _cyrillic_langs(language)
    grams = _ngrams(text, tokens, langs)
    found = gaz.lookup(k for keys in grams.values() for k in keys)
    hits: dict[tuple[int, int], list[tuple[int, bool]]] = {}
    for span, keys in grams.items():
        merged: dict[int, bool] = {}
        for k in keys:
            for pid, main in found.get(k, ()):
                merged[pid] = merged.get(pid, False) or main
        if merged:
            hits[span] = list(merged.items())
    mentions: list[Mention] = []
    place_spans = [s for s in spans if s.label in PLACE_LABELS and fold(s.text).removeprefix("the ") not in OFF_EARTH]
    blocked = [s for s in spans if s.label in BLOCKING_LABELS]
    embedding = [s for s in spans if s.label in EMBEDDING_LABELS]
    off_earth = [s for s in spans if fold(s.text).removeprefix("the ") in OFF_EARTH]
    people = _person_words(text, spans)

    # State abbreviations after a place first ("Helena, Mont."): "Mont" is also a town's alias.
    taken: list[tuple[int, int]] = []
    mentions.extend(_abbreviations(text, tokens, taken, gaz, language))
    # Gazetteer matches, longest first, no overlaps.
    for (i, j), cands in sorted(hits.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        s, e = tokens[i].start, tokens[j].end
        if any(_overlaps(s, e, a, b) for a, b in taken):
            continue
        word = text[s:e]
        latin = not is_cyrillic(word)
        ner = [x for x in place_spans if _overlaps(s, e, x.start, x.end)]
        if any(_overlaps(s, e, x.start, x.end) for x in off_earth):
            continue
        places = {pid: gaz.place(pid) for pid, _ in cands}
        if latin:
            cands = _english_candidates(word, tokens[i : j + 1], cands, places, bool(ner))
        known = [q for p, _ in cands if (q := places[p]) is not None]
        best = max(known, key=lambda p: (p.kind != "city", p.population), default=None)
        if best is None:
            continue
        major = best.kind != "city" or best.population >= MAJOR_POPULATION
        shouting = latin and _shouting(text, s, e)
        exact_ner = any(x.start == s and x.end == e for x in ner)
        if latin and _not_this_place(text, tokens, i, j, best, exact_ner, bool(ner), shouting, people):
            continue
        fac_end = _facility_end(text, tokens, j) if latin else None
        if fac_end is not None:
            # "Hampton Avenue": a street of the article's town, resolved like other unmatched names.
            outer = [x for x in ner if x.start <= s and x.end >= fac_end]
            start = outer[0].start if outer else s
            end = max(fac_end, outer[0].end) if outer else fac_end
            if text[start:end].lower().startswith("the "):
                start += 4
            if not any(_overlaps(start, end, a, b) for a, b in taken):
                taken.append((start, end))
                mentions.append(Mention(start, end, text[start:end], "unmatched", [], 0.5))
            continue
        if not ner and any(_overlaps(s, e, x.start, x.end) for x in blocked):
            # NER says person. Small models say so of unfamiliar city names too ("attack on
            # Kharkov"; natasha's Russian model on Ukrainian text): overrule it only for a name
            # that is no everyday word or personal name, of a major place or in a locative context.
            first = word.split()[0]
            if is_cyrillic(word):
                located = _locative_context(text, tokens, i)
                if (_is_person_name(first, language) and not located) or _is_risky(first, language, best):
                    continue
            elif _is_risky(first, language, best) or not (major or _locative_context(text, tokens, i)):
                continue
            ner = [Span(s, e, "GPE", word)]
        inside_org = [x for x in embedding if _overlaps(s, e, x.start, x.end)]
        partial = not any(x.start >= s and x.end <= e for x in ner)
        if ner and i == j and partial and latin and _is_risky(word, language, best):
            # An everyday word inside a longer NER name ("North" of "North Africa", "Union" of
            # "Soviet Union") is not that name: leave the span to the unmatched-NER path.
            continue
        if ner:
            source, conf = "ner", 0.9
        elif shouting and not (i == j and _is_acronym(word) and len(word) <= 3):
            # "TORONTO —", "WASHINGTON (AP)": a dateline's capitals are no everyday word.
            source, conf = "gazetteer", 0.75
        elif inside_org:
            # A place inside an organisation's name ("Washington Post", "University of California").
            if not major or (best.kind == "city" and i == j and _is_risky(word, language, best)):
                continue
            source, conf = "embedded", 0.3
        else:
            # Mid-sentence capitals mark names in Ukrainian and Russian: only a sentence's first
            # word can be an everyday word that happens to be capitalised.
            risky = i == j and _is_risky(word, language, best)
            if risky and is_cyrillic(word) and not _sentence_initial(text, tokens, i):
                risky = False
            located = _locative_context(text, tokens, i)
            if risky or (best.kind == "city" and best.population < BARE_MATCH_MIN_POPULATION and not located):
                continue
            source, conf = "gazetteer", 0.75 if located else 0.6
        taken.append((s, e))
        mentions.append(Mention(s, e, word, source, cands, conf))

    # NER place spans the gazetteer did not cover: kept, resolved later from context.
    for x in place_spans:
        if any(_overlaps(x.start, x.end, a, b) for a, b in taken):
            continue
        start, end = x.start, x.end
        if text[start:end].lower().startswith("the "):
            start += 4
        if " " not in text[start:end].strip():
            # A one-word "place" no gazetteer knows is mostly an NER slip (an acronym, a
            # surname); multi-word ones are streets, buildings, parks ("Royal Street").
            continue
        words = {fold(_strip_possessive(t.text)) for t in tokenize(text[start:end]) if is_capitalised(t.text)}
        if words and words <= people.keys():
            continue  # a person's name the model also called a place
        taken.append((start, end))
        inner = _inner_place(text, tokens, hits, gaz, start, end)
        mentions.append(Mention(start, end, text[start:end], "unmatched", inner, 0.5))

    mentions = _district_of_columbia(text, mentions, gaz)
    mentions.extend(_adjectives(text, tokens, taken, gaz, language))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _inner_place(
    text: str, tokens: list[Token], hits: dict[tuple[int, int], list[tuple[int, bool]]], gaz: Gazetteer, s: int, e: int
) -> list[tuple[int, bool]]:
    """Candidates of the largest place named inside an unknown name ("north west London",
    "Nazi Germany"), unless the name is a street or building, which is somewhere in the town."""
    last = [t for t in tokens if s <= t.start and t.end <= e]
    if not last or fold(last[-1].text) in _FACILITY_WORDS:
        return []
    best: tuple[int, list[tuple[int, bool]]] | None = None
    for (i, j), cands in hits.items():
        if tokens[i].start < s or tokens[j].end > e:
            continue
        places = [gaz.place(p) for p, _ in cands]
        if not any(p is not None and (p.kind != "city" or p.population >= MAJOR_POPULATION) for p in places):
            continue
        if i == j and _is_risky(tokens[i].text, None, None):
            continue
        size = tokens[j].end - tokens[i].start
        if best is None or size > best[0]:
            best = (size, cands)
    if best is not None:
        return best[1]
    # "Korean Peninsula", "Soviet Union": the country an adjective inside the name stands for.
    table = demonyms()
    for t in last:
        code = table.get(fold(t.text)) if is_capitalised(t.text) else None
        place = (gaz.by_code(code) or _by_name(gaz, code)) if code else None
        if place is not None:
            return [(place.pid, True)]
    return []


_DC_AFTER = re.compile(r",?[ \t]*(?:D\.C\.|DC\b)")


def _district_of_columbia(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """ "Washington, D.C." is one name, the federal capital, whatever the article's other Washingtons."""
    out: list[Mention] = []
    drop: set[int] = set()
    for m in sorted(mentions, key=lambda m: m.start):
        if id(m) in drop:
            continue
        after = _DC_AFTER.match(text, m.end)
        dc = [(p, main) for p, main in m.candidates if (q := gaz.place(p)) is not None and q.admin1 == "DC"]
        if after is not None and dc and m.text.split()[-1].lower() == "washington":
            for other in mentions:
                if other is not m and m.end <= other.start < after.end():
                    drop.add(id(other))
            m = Mention(m.start, after.end(), text[m.start : after.end()], m.source, dc, m.confidence)
        out.append(m)
    return [m for m in out if id(m) not in drop]


def _abbreviations(
    text: str, tokens: list[Token], taken: list[tuple[int, int]], gaz: Gazetteer, language: str | None
) -> list[Mention]:
    """State abbreviations after a place: "Seattle, Wash.", "Trenton, N.J.", "Albany, NY"."""
    if language not in (None, "en"):
        return []
    out = []
    for k in range(1, len(tokens)):
        tok, prev = tokens[k], tokens[k - 1]
        if not is_capitalised(tok.text) or not is_capitalised(prev.text):
            continue
        if text[prev.end : tok.start].strip() != ",":
            continue
        s, e = tok.start, tok.end
        place = None
        if text[e : e + 1] == "." or tok.text.endswith("."):
            place = gaz.by_code("ABBR:" + fold(tok.text))
            e += 0 if tok.text.endswith(".") else 1
        elif len(tok.text) == 2 and tok.text.isupper():
            place = gaz.by_code(f"US-{tok.text}")
        if place is not None and not any(_overlaps(s, e, a, b) for a, b in taken):
            taken.append((s, e))
            out.append(Mention(s, e, text[s:e], "abbreviation", [(place.pid, True)], 0.8))
    return out


def _adjectives(
    text: str, tokens: list[Token], taken: list[tuple[int, int]], gaz: Gazetteer, language: str | None
) -> list[Mention]:
    """'Syrian troops', 'Russian-backed', 'anti-Russian': adjectives of places that modify a word.

    Gritta et al. count such adjectives as toponyms (non-literal modifiers), including inside
    organisation names ("The Canadian Press", "BBC Russian Service"), so a capitalised word
    before the adjective does not disqualify it; a demonym used as a noun ("Syrians", "the
    Russian said") or a language ("in French") is no toponym.
    """
    if language not in (None, "en") or not tokens:
        return []
    table = demonyms()
    out = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not is_capitalised(tok.text.split("-")[-1]) or is_cyrillic(tok.text):
            i += 1
            continue
        nxt = i + 1
        # Two-word adjectives first ("South Korean", "Central American").
        if nxt < len(tokens) and _GAP_OK.fullmatch(text[tok.end : tokens[nxt].start]):
            two = f"{fold(tok.text)} {fold(tokens[nxt].text.split('-')[0])}"
            if two in table and "-" not in tok.text:
                e = tokens[nxt].start + len(tokens[nxt].text.split("-")[0])
                _add_adjective(out, text, tokens, taken, gaz, (tok.start, e, table[two]), i + 2)
                i += 2
                continue
        # Parts of a hyphenated word: "Russian-backed", "anti-Russian", "Syrian-Turkish".
        pos = tok.start
        for part in tok.text.split("-"):
            key = fold(part)
            if key in table and is_capitalised(part):
                _add_adjective(out, text, tokens, taken, gaz, (pos, pos + len(part), table[key]), nxt)
            pos += len(part) + 1
        i = nxt
    return out


def _add_adjective(
    out: list[Mention],
    text: str,
    tokens: list[Token],
    taken: list[tuple[int, int]],
    gaz: Gazetteer,
    found: tuple[int, int, str],
    nxt: int,
) -> None:
    s, e, code = found
    hyphenated = text[e : e + 1] == "-" or text[s - 1 : s] == "-"
    follows = nxt < len(tokens) and _GAP_OK.fullmatch(text[e : tokens[nxt].start]) is not None
    modifies = hyphenated or (follows and tokens[nxt].text.lower() not in _NOT_MODIFIED)
    if not modifies or any(_overlaps(s, e, a, b) for a, b in taken):
        return
    place = gaz.by_code(code) or _by_name(gaz, code)
    if place is not None:
        out.append(Mention(s, e, text[s:e], "adjective", [(place.pid, True)], 0.6))


def _by_name(gaz: Gazetteer, code: str) -> GazPlace | None:
    key = code.lower().replace("-", " ")
    cands = gaz.lookup([key]).get(key, [])
    places = [gaz.place(p) for p, _ in cands]
    return max((p for p in places if p is not None and p.kind != "city"), key=lambda p: p.population, default=None)

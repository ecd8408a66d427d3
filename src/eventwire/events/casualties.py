"""How many were killed and how many injured, from one sentence of a wire report (en/uk/ru).

The sentence is tokenised, its figures found (:mod:`eventwire.events.numbers`), figures
that are dates, ages, times, labels or counts of things (drones, missiles, km) dropped,
and each remaining figure attached to the nearest casualty word it is grammatically
close to: after it ("12 people were killed", "троє загиблих") or before it ("killed 12",
"загинули п'ятеро", "the toll rose to 14").  Rules, not a parser: wire copy is formulaic
and these few shapes cover it; a statistical parser would cost ~10 ms a sentence.

Conventions (each one a choice an analyst should know):

* bounds: "at least 3" → 3..None; "more than 20" → 21..None; "up to 12", "nearly 30",
  "almost 30" → None..12 / None..30 (ACLED-style: no lower bound is invented);
  "about 30" → 30..30 (the stated figure); "between 10 and 15" → 10..15; vague words
  ("dozens", "hundreds", "кілька") → a lower bound from ``numbers.VAGUE_LOWER_BOUNDS``.
* a stated zero is information: "no one was killed" → 0..0, "no casualties",
  "без жертв" → 0..0; "no immediate reports of casualties" says nothing → None.
* hypotheticals and negated verbs ("could kill thousands", "threatened to kill",
  "were not injured") give nothing.
* the latest figure in the sentence wins, and a rising toll ("rose to 14") beats any
  other; figures joined as noun groups are summed ("two soldiers and a civilian" → 3);
  a subset ("including 3 children", "among the dead were 3 children") never adds, and
  alone it is only a lower bound.
* "killed or injured" figures and bare "casualties" are not split: None plus a warning.
* "постраждалі"/"пострадавшие" are counted as injured, "жертви"/"жертвы" as killed, as
  Ukrainian and Russian wire copy uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eventwire.events.numbers import Quantity, analyzer, find_quantities, tokenize
from eventwire.model import Count


def _split(text: str) -> list[str]:
    """Words of a lexicon written as a block of text (one list literal per word would run to pages)."""
    return text.split()


# No single event, war or disaster toll reported since 1990 exceeds this (Rwanda 1994:
# ~800,000); a bigger figure is a typo, a population or money.
MAX_PLAUSIBLE = 1_000_000
# Tokens searched between a figure and the casualty word after it ("12 [people were] killed").
AFTER_WINDOW = 6
# Tokens searched between a casualty word and the figure after it ("killed [in Kharkiv] 12").
BEFORE_WINDOW = 6
# Unknown words (adjectives, names, prepositions) allowed inside either window; 2 lets
# "3 Ukrainian soldiers were killed" and "загинули в Харкові 5" through, 3 let drone counts in.
MAX_UNKNOWN = 2
# A rising toll may sit further from its noun: "death toll from Sunday's attack rose to 14".
MAX_UNKNOWN_TOLL = 6
# Tokens before a casualty word searched for a modal that makes it hypothetical.
MODAL_WINDOW = 6

KILL, INJURE, OTHER, GENERIC = "kill", "injure", "other", "generic"

# Cheap gate: a sentence with no word starting with one of these has no casualty figure (~20 µs a sentence).
_GATE = re.compile(
    r"\b(?:kill|dead|death|died|fatal|injur|wound|hurt|casualt|toll|lives|bodies|murder|slain|massacr|perish|drown|"
    r"hospitali|gunned|загин|загиб|вбит|вбив|вбил|убит|убив|убил|убий|погиб|гибел|помер|умер|скончал|смерт|жертв|"
    r"тіл|тел[ао]|житт|жизн|поран|ранен|ранил|ранив|травм|постражд|пострада|госпітал|госпитал|покалі|покале|контуз)",
    re.IGNORECASE,
)
_KEYWORDS = {
    KILL: re.compile(
        r"^(?:killed|kills|killing|dead|death|deaths|died|dies|dying|fatalities|fatality|lives|toll|murdered|slain|"
        r"massacred|executed|perished|drowned|bodies|gunned|"
        r"загин\w*|загиб\w*|вбит\w*|вбив(?!ц)\w*|вбил\w*|убит\w*|убив(?!ц)\w*|убил\w*|убийств\w*|погиб\w*|гибел\w*|"
        r"помер\w*|умер(?!ен)\w*|скончал\w*|смерт(?!н)\w*|жертв\w*|тіла|тіл|тел|тела|життя|життів|жизни|жизней|жизнь)$"
    ),
    INJURE: re.compile(
        r"^(?:injured|injuring|injuries|injury|injures|wounded|wounding|hurt|hospitali[sz]ed|"
        r"поран\w*|ранен\w*|ранил\w*|ранив\w*|травм\w*|постражд\w*|пострада\w*|госпіталізов\w*|госпитализ\w*|"
        r"покалічен\w*|покалечен\w*|контузи\w*|контуж\w*)$"
    ),
    OTHER: re.compile(
        r"^(?:missing|arrested|detained|captured|abducted|kidnapped|evacuated|rescued|displaced|freed|released|"
        r"surrendered|deported|trapped|unaccounted|held|taken|"
        r"зникл\w*|безвіст\w*|затриман\w*|затримал\w*|заарешт\w*|евакуйов\w*|евакуюва\w*|врятува\w*|врятован\w*|"
        r"полонен\w*|звільнен\w*|пропа\w*|задержан\w*|задержал\w*|арестов\w*|эвакуир\w*|спасен\w*|спасли|"
        r"пленн\w*|пленен\w*|освобожд\w*)$"
    ),
    GENERIC: re.compile(r"^(?:casualties|casualty|втрат\w*|потер\w*)$"),
}
# "fatally/mortally wounded", "смертельно поранений": injury words that report a death.
_FATALLY = frozenset({"fatally", "mortally", "смертельно", "смертельного", "смертельні", "смертельные"})
_NEGATORS = frozenset({"not", "n't", "never", "не", "ні", "ни"})
_CONJUNCTIONS = frozenset({"and", ",", "і", "й", "та", "и", "plus"})
_OR = frozenset({"or", "and", "and/or", "або", "чи", "или", "і", "та", "и", "/"})
_SUBSET_OPENERS = frozenset(
    {"including", "includes", "incl", "among", "зокрема", "серед", "среди", "включаючи", "включая", "з", "із", "из"}
)
_SUBSET_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in [
        "including",
        "among them",
        "among whom",
        "of whom",
        "of them",
        "зокрема",
        "серед них",
        "серед яких",
        "з них",
        "із них",
        "у тому числі",
        "в тому числі",
        "в том числе",
        "среди них",
        "среди которых",
        "из них",
        "включаючи",
        "включая",
    ]
)
# Words allowed between a figure and the casualty word after it.
_AFTER_FILLERS = frozenset(
    _split(
        """
were was have has had been being are is be reportedly also later all both confirmed now believed feared found
left who of more others other seriously critically severely lightly slightly badly gravely moderately
allegedly apparently immediately instantly shot stabbed burned burnt beaten були було був була є також ще всі
усі вже уже ймовірно імовірно нібито тяжко важко легко серйозно были было был была также еще все
предположительно якобы тяжело легко серьезно
"""
    )
)
# Words allowed between a casualty word and the figure after it.
_BEFORE_FILLERS = frozenset(
    _split(
        """
of is was were are stands stood at now has had have been another a an the also reportedly so far total overall
to : — – - ще також вже уже становить становила склала склало сягнула були було був є загалом всього
составляет составило составила составил стали стала став стало были было был всего people
"""
    )
)
_QUOTES = frozenset("«»\"“”„'")
# Words that make a casualty word hypothetical when they precede it in the same clause.
_MODAL = re.compile(
    r"^(?:could|would|might|may|threaten\w*|threat|vow\w*|warn\w*|plan\w*|aim\w*|tried|tries|trying|"
    r"attempt\w*|enough|capable|risk\w*|if|unless|will|shall|expected|"
    r"може|можуть|міг|могла|могло|могли|б|би|загрожу\w*|погрож\w*|погроз\w*|здатн\w*|якщо|спроб\w*|намага\w*|"
    r"план\w*|хоче|хотів|хотіли|хотіла|ризик\w*|буде|будуть|"
    r"может|могут|мог|бы|угрож\w*|грози\w*|способн\w*|если|пыта\w*|попыт\w*|намерен\w*|риск\w*|будет|будут)$"
)
_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", ".", "!", "?", "but", "але", "но", "однак", "однако"})

# People, as the noun after a figure: surface forms (en) and lemmas (uk/ru, ё read as е).
_PERSON_EN = frozenset(
    _split(
        """
people person persons civilians civilian soldiers soldier servicemen serviceman servicemembers troops children
child kids kid women woman men man boys boy girls girl teenagers teenager teens teen infants infant babies
baby toddlers toddler residents resident villagers villager locals local passengers passenger workers worker
employees employee staff crew journalists journalist reporters reporter officers officer policemen policeman
policewomen policewoman police guards guard firefighters firefighter rescuers rescuer medics medic doctors
doctor nurses nurse paramedics paramedic patients patient students student pupils pupil schoolchildren
fighters fighter militants militant rebels rebel insurgents insurgent gunmen gunman attackers attacker
protesters protester demonstrators demonstrator migrants migrant refugees refugee pilgrims worshippers miners
miner farmers farmer fishermen fisherman pedestrians pedestrian motorists motorist drivers driver members
member relatives family adults adult volunteers volunteer prisoners prisoner inmates detainees hostages
hostage sailors sailor pilots pilot marines paratroopers commanders commander officials official elderly
others ukrainians russians palestinians israelis syrians afghans teachers teacher priest
"""
    )
)
_PERSON_EN_SINGULAR = frozenset(
    _split(
        """
man woman child boy girl person civilian soldier serviceman resident teenager teen infant baby toddler driver
passenger worker journalist reporter officer policeman policewoman guard firefighter rescuer medic doctor
nurse paramedic student pupil fighter militant pedestrian motorist farmer volunteer pilot sailor commander
official member villager local teacher priest employee kid hostage prisoner patient protester migrant refugee
gunman attacker rebel insurgent miner fisherman adult demonstrator
"""
    )
)
_PERSON_LEMMAS = frozenset(
    _split(
        """
людина люди особа дитина діти чоловік жінка хлопець дівчина хлопчик дівчинка підліток немовля цивільний
мешканець мешканка житель жителька військовий військовослужбовець солдат боєць поліцейський поліціянт
правоохоронець рятувальник медик лікар журналіст пенсіонер пенсіонерка працівник робітник водій пасажир
волонтер енергетик залізничник шахтар пожежник прикордонник бойовик окупант громадянин іноземець учень студент
пішохід моряк пілот офіцер командир заручник полонений член человек ребенок дети мужчина женщина мальчик
девочка подросток младенец мирный житель жительница гражданин гражданский военный военнослужащий боец
полицейский спасатель врач пенсионер пенсионерка работник рабочий водитель пассажир волонтер пожарный
пограничник боевик сотрудник иностранец ученик студент пешеход летчик заложник пленный
"""
    )
)
# Things counted in war reporting, and units: a figure before one of them is never a casualty count.
_THING_EN = re.compile(
    r"^(?:drones?|missiles?|rockets?|shells?|bombs?|mines?|projectiles?|shaheds?|uavs?|aircraft|planes?|jets?|"
    r"helicopters?|tanks?|vehicles?|cars?|trucks?|buses|houses?|homes?|buildings?|apartments?|flats?|floors?|"
    r"storeys?|stories|villages?|towns?|cities|settlements?|regions?|districts?|provinces?|kilometres?|kilometers?|"
    r"km|miles?|metres?|meters?|m|tonnes?|tons?|kg|hectares?|percent|per|times|hours?|minutes?|days?|weeks?|"
    r"months?|years?|decades?|dollars?|euros?|hryvnias?|roubles?|rubles?|attacks?|strikes?|airstrikes?|"
    r"explosions?|blasts?|rounds?|shots?|bullets?|launchers?|ships?|boats?|vessels?|trains?|schools?|"
    r"hospitals?|bridges?|stations?|substations?|positions?|targets?|grenades?|mortars?|sites?|locations?|"
    r"incidents?|cases?|countries|nations|am|pm|gmt|utc|o'clock|year-old|years-old|month-old|week-old|day-old|"
    r"st|nd|rd|th|s|bn|billion|mph)$"
)
_THING_LEMMAS = frozenset(
    _split(
        """
дрон безпілотник бпла шахед ракета снаряд бомба міна авіабомба літак гелікоптер танк автомобіль машина автобус
будинок будівля квартира поверх село місто область район кілометр км метр тонна відсоток раз година хвилина
день доба тиждень місяць рік гривня долар атака удар вибух обстріл постріл корабель судно потяг школа лікарня
міст станція об'єкт ціль регіон громада пункт беспилотник самолет вертолет автомобиль дом здание этаж деревня
город километр процент час минута сутки неделя месяц год рубль доллар взрыв обстрел корабль поезд больница
мост объект цель
"""
    )
)
_CYRILLIC_AGE = re.compile(
    r"^(?:\w*річн\w*|\w*літн\w*|\w*летн\w*|\w*місячн\w*|\w*месячн\w*|\w*поверхов\w*|\w*этажн\w*)$"
)
# Words before a figure that make it an age, a label or money, never a head count.
_LABEL_BEFORE = frozenset(
    _split(
        """
aged age ages route highway flight no number № # unit brigade battalion regiment division article section
resolution platform terminal gate room apartment road line block віком віці возрасте траса трасі трасу рейс
рейсу номер бригада бригади бригаду полк полку стаття статті статья статьи м н р t $ € £ ₴ згідно
"""
    )
)
_YEAR_BEFORE = frozenset(
    _split(
        """
in since by of from until till before after during to between and year в у з із до від с от по після после
протягом течение року году
"""
    )
)
_YEAR_AFTER = frozenset(
    _split(
        """
року році рік роки років году года год г р year
"""
    )
)
_MONTHS = frozenset(
    _split(
        """
january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec січня лютого березня квітня травня червня липня серпня вересня жовтня листопада
грудня січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні января февраля
марта апреля мая июня июля августа сентября октября ноября декабря январе феврале марте апреле мае июне июле
августе сентябре октябре ноябре декабре
"""
    )
)
_TIME_AFTER = frozenset(
    _split(
        """
am pm a.m p.m o'clock gmt utc годині години годину час часа часов ранку вечора утра
"""
    )
)
_SINGULAR_ARTICLES = frozenset({"a", "an", "another"})
_EN_SINGULAR_VERBS = frozenset({"died", "dead", "killed", "injured", "wounded", "hurt", "hospitalised", "hospitalized"})
_SINGULAR_VERBS = re.compile(
    r"^(?:загинув|загинула|помер|померла|вбитий|вбита|убитий|убита|поранений|поранена|постраждав|постраждала|"
    r"травмований|травмована|госпіталізований|госпіталізована|погиб|погибла|умер|умерла|скончался|скончалась|"
    r"поранено|вбито|убито|травмовано|госпіталізовано|ранено|госпитализировано|"
    r"убит|ранен|ранена|пострадал|пострадала|травмирован|травмирована|госпитализирован|госпитализирована)$"
)

# Stated zeros, matched on the lower-cased sentence.  Each pattern gives zero to the classes listed.
_ZEROS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), classes)
    for pattern, classes in (
        (r"\b(?:no one|no-one|nobody|none)\b(?:\s+\w+){0,3}?\s+(?:injured|hurt|wounded)\b", (KILL, INJURE)),
        (r"\b(?:no one|no-one|nobody|none)\b(?:\s+\w+){0,3}?\s+(?:killed|died|dead)\b", (KILL,)),
        (r"\bno\s+(?:\w+\s+)?(?:casualties|victims)\b", (KILL, INJURE)),
        (r"\bwithout\s+(?:any\s+)?casualties\b", (KILL, INJURE)),
        (r"\bno\s+(?:\w+\s+)?(?:deaths|fatalities|dead)\b", (KILL,)),
        (r"\bno\s+(?:\w+\s+)?(?:injuries|wounded|injured)\b", (INJURE,)),
        (
            r"\bніхто\s+(?:\w+\s+){0,3}?не\s+(?:\w+\s+)?(?:постраждав|поранений|травмований|отримав\s+поранень)",
            (KILL, INJURE),
        ),
        (r"\bніхто\s+(?:\w+\s+){0,3}?не\s+(?:\w+\s+)?загинув", (KILL,)),
        (
            r"\bникто\s+(?:\w+\s+){0,3}?не\s+(?:\w+\s+)?(?:пострадал|ранен|травмирован|получил\s+ранений)",
            (KILL, INJURE),
        ),
        (r"\bникто\s+(?:\w+\s+){0,3}?не\s+(?:\w+\s+)?погиб", (KILL,)),
        (r"\bбез\s+(?:\w+\s+)?(?:постраждалих|пострадавших|втрат|потерь)", (KILL, INJURE)),
        (r"\bбез\s+(?:\w+\s+)?(?:жертв|загиблих|погибших)", (KILL,)),
        (
            r"\b(?:постраждалих|пострадавших)\s+(?:поки\s+|пока\s+|наразі\s+)?(?:немає|нема|не\s+було|нет|не\s+было)",
            (KILL, INJURE),
        ),
        (
            r"\b(?:жертв|загиблих|погибших)\s+(?:поки\s+|пока\s+|наразі\s+)?(?:немає|нема|не\s+було|нет|не\s+было|удалось\s+избежать)",
            (KILL,),
        ),
        (r"\b(?:поранених|раненых)\s+(?:немає|нема|не\s+було|нет|не\s+было)", (INJURE,)),
    )
)
# Before a zero pattern these mean "nothing is known yet", not "nothing happened".
_NO_INFORMATION = re.compile(
    r"\b(?:reports?|word|information|details|інформації|информации|даних|данных)\s+(?:of|on|about|про|о|об)\s*$"
)


@dataclass(frozen=True, slots=True)
class _Figure:
    kind: str
    count: Count
    position: int  # character offset of the phrase end: later figures win
    subset: bool
    rise: bool


@cache
def _cyrillic_lemmas(word: str, language: str | None) -> frozenset[str]:
    if language in {"uk", "ru"}:
        languages = [language]
    elif any(ch in "іїєґ" for ch in word):
        languages = ["uk"]
    elif any(ch in "ыэъ" for ch in word):
        languages = ["ru"]
    else:
        languages = ["uk", "ru"]
    lemmas = set()
    for lang in languages:
        for parse in analyzer(lang).parse(word)[:4]:
            lemmas.add(parse.normal_form.replace("ё", "е"))
    return frozenset(lemmas)


def _is_cyrillic(word: str) -> bool:
    return bool(word) and "\u0400" <= word[0] <= "\u04ff"


class _Sentence:
    """One tokenised sentence with its casualty words and figures, and the lookups the rules share."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.language = language
        self.tokens = tokenize(text)
        self.kinds = [self._classify(i) for i in range(len(self.tokens))]
        self.negated = [self._negated(i) for i in range(len(self.tokens))]
        self.quantities = self._quantities()
        self.at: dict[int, Quantity] = {}
        for quantity in self.quantities:
            for k in range(quantity.first, quantity.last):
                self.at[k] = quantity

    # -- words ---------------------------------------------------------------------------

    def _classify(self, i: int) -> str | None:
        token = self.tokens[i]
        if token.kind != "word":
            return None
        for kind, pattern in _KEYWORDS.items():
            if pattern.match(token.low):
                if kind == INJURE and i > 0 and self.tokens[i - 1].low in _FATALLY:
                    return KILL
                return kind
        return None

    def _negated(self, i: int) -> bool:
        if self.kinds[i] is None:
            return False
        for k in range(i - 1, max(-1, i - 4), -1):
            if self.tokens[k].kind == "punct":
                return False
            if self.tokens[k].low in _NEGATORS or self.tokens[k].low.endswith("n't"):
                return not (
                    k + 1 < len(self.tokens)
                    and self.tokens[k + 1].low in {"менше", "менее", "меньше", "більше", "более", "less", "fewer"}
                )
        return False

    def person(self, i: int) -> bool:
        low = self.tokens[i].low
        if low in _PERSON_EN:
            return True
        return _is_cyrillic(low) and bool(_cyrillic_lemmas(low, self.language) & _PERSON_LEMMAS)

    def thing(self, i: int) -> bool:
        low = self.tokens[i].low
        if _THING_EN.match(low) or _CYRILLIC_AGE.match(low):
            return True
        if not _is_cyrillic(low):
            return False
        lemmas = _cyrillic_lemmas(low, self.language)
        return bool(lemmas & _THING_LEMMAS) and not lemmas & _PERSON_LEMMAS

    # -- figures -------------------------------------------------------------------------

    def _quantities(self) -> list[Quantity]:
        found = [q for q in find_quantities(self.tokens) if not self._distractor(q)]
        singles = self._articles()
        taken = {k for q in singles for k in range(q.first, q.last)}
        found = [q for q in found if not any(k in taken for k in range(q.first, q.last))]
        return sorted(found + singles, key=lambda q: q.first)

    def _articles(self) -> list[Quantity]:
        """ "a civilian", "an elderly woman", "a 45-year-old man": one person (English)."""
        found = []
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.low not in _SINGULAR_ARTICLES:
                continue
            for j in range(i + 1, min(i + 6, len(tokens))):
                if tokens[j].low in _PERSON_EN_SINGULAR:
                    found.append(Quantity(1, 1, 1, i, j + 1, i))
                    break
                if tokens[j].low in {"year-old", "month-old"} and (j + 1 >= len(tokens) or not self.person(j + 1)):
                    found.append(Quantity(1, 1, 1, i, j + 1, i))
                    break
                stops = self.kinds[j] or (tokens[j].kind == "punct" and tokens[j].low != "-") or self.thing(j)
                if stops and tokens[j].low not in {"year-old", "month-old"}:
                    break
        return found

    def _distractor(self, q: Quantity) -> bool:
        """Dates, years, ages, times, labels, percentages and counts of things are not casualties."""
        tokens = self.tokens
        head = tokens[q.head]
        before = tokens[q.head - 1] if q.head > 0 else None
        after = q.last
        nxt = tokens[after] if after < len(tokens) else None
        if head.kind == "num":
            if before and (before.low in _LABEL_BEFORE or before.low in _MONTHS):
                return True
            if nxt and (nxt.low in _MONTHS or nxt.low in _TIME_AFTER or nxt.low == "%"):
                return True
            if nxt and nxt.low in {"a", "p"} and after + 1 < len(tokens) and tokens[after + 1].low == ".":
                return True  # 3 a.m.
            if nxt and nxt.low in {":", "."} and after + 1 < len(tokens) and tokens[after + 1].kind == "num":
                return nxt.end == tokens[after + 1].start  # 15:30, 15.30
            if nxt and nxt.start == head.end and nxt.kind == "word" and not self.person(after):
                return True  # 93rd, 40s, 5km
            hyphenated = nxt and nxt.low == "-" and nxt.start == head.end and after + 1 < len(tokens)
            if hyphenated and not self.person(after + 1) and not self.kinds[after + 1]:
                return True  # 45-year-old, 93-я, 5-storey, 3-го
            year_like = len(head.low) == 4 and head.low.isdigit() and 1000 <= int(head.low) <= 2999
            if year_like and ((before and before.low in _YEAR_BEFORE) or (nxt and nxt.low in _YEAR_AFTER)):
                return True
        # "5 drones", "dozens of missiles", "3 Shahed drones", "десятки ракет".
        k = after
        skipped = 0
        while k < len(tokens) and skipped <= 1:
            if tokens[k].low in {"of", "з", "із", "из"} and q.vague:
                k += 1
                continue
            if tokens[k].kind != "word" or self.kinds[k] or self.person(k):
                return False
            if self.thing(k):
                return True
            skipped += 1
            k += 1
        return False

    # -- links between figures and casualty words -----------------------------------------

    def subset_before(self, q: Quantity) -> bool:
        for phrase in _SUBSET_PHRASES:
            size = len(phrase)
            if q.first >= size and tuple(t.low for t in self.tokens[q.first - size : q.first]) == phrase:
                return True
        return False

    def subset_after(self, q: Quantity) -> bool:
        """ "three of them", "трое из раненых", "one of the injured"."""
        k = q.last
        while k < len(self.tokens) and (self.person(k) or self.tokens[k].low in {"more"}):
            k += 1
        if k < len(self.tokens) and self.tokens[k].low in {"of", "з", "із", "из", "зі", "со"}:
            nxt = self.tokens[k + 1].low if k + 1 < len(self.tokens) else ""
            return nxt in {"them", "the", "those", "whom", "них", "яких", "которых"} or bool(
                k + 1 < len(self.tokens) and self.kinds[k + 1]
            )
        return False

    def keyword_subset(self, i: int) -> bool:
        """ "among the dead", "серед загиблих", "including those killed"."""
        return any(self.tokens[k].low in _SUBSET_OPENERS for k in range(max(0, i - 3), i))

    def scan_after(self, q: Quantity) -> tuple[int, list[Quantity]] | None:
        """The casualty word after ``q`` and the figures summed on the way ("two soldiers and a civilian")."""
        tokens = self.tokens
        chain = [q]
        unknown = steps = 0
        j = q.last
        while j < len(tokens) and steps <= AFTER_WINDOW:
            token = tokens[j]
            steps += 1
            if self.kinds[j]:
                return j, chain
            if token.low in _CONJUNCTIONS and j + 1 in self.at and self.at[j + 1].first == j + 1:
                following = self.at[j + 1]
                chain.append(following)
                j, unknown, steps = following.last, 0, 0
                continue
            if token.low in _CONJUNCTIONS and j + 1 < len(tokens) and self.bare_single(j + 1):
                chain.append(Quantity(1, 1, 1, j + 1, j + 2, j + 1))
                j, unknown = j + 2, 0
                continue
            if token.low == "," and j + 1 < len(tokens) and self._opens_subset(j + 1):
                j = self._skip_parenthesis(j + 1)
                continue
            if token.kind == "punct" or j in self.at:
                return None
            if token.low in _AFTER_FILLERS or token.kind == "num" or self.person(j):
                j += 1  # a number here is a date, label or age the figure filter already set aside
                continue
            if self.thing(j):
                return None
            unknown += 1
            if unknown > MAX_UNKNOWN:
                return None
            j += 1
        return None

    def bare_single(self, k: int) -> bool:
        """A Ukrainian/Russian singular person noun with no figure: "і рятувальник", "и водитель"."""
        low = self.tokens[k].low
        return k not in self.at and _is_cyrillic(low) and _singular_noun(low, self.language)

    def chain_after(self, q: Quantity) -> list[Quantity]:
        """Figures joined to ``q`` after a casualty word: "killed three soldiers and a civilian"."""
        tokens = self.tokens
        chain = [q]
        j = q.last
        while True:
            k, skipped = j, 0
            while k < len(tokens) and tokens[k].kind == "word" and not self.kinds[k] and k not in self.at:
                if tokens[k].low in _CONJUNCTIONS or skipped > MAX_UNKNOWN or self.thing(k):
                    break
                k, skipped = k + 1, skipped + (0 if self.person(k) else 1)
            if k + 1 >= len(tokens) or tokens[k].low not in _CONJUNCTIONS:
                return chain
            following = self.at.get(k + 1)
            if following and following.first == k + 1 and self._chains(following) and not self.subset_after(following):
                chain.append(self.at[k + 1])
                j = self.at[k + 1].last
            elif self.bare_single(k + 1):
                chain.append(Quantity(1, 1, 1, k + 1, k + 2, k + 1))
                j = k + 2
            else:
                return chain

    def _chains(self, q: Quantity) -> bool:
        """A figure after "and" joins the group unless it has its own verb ("and 12 were injured")."""
        j = q.last
        while j < len(self.tokens) and j - q.last <= 3:
            if self.kinds[j] or self.tokens[j].low in {
                "were",
                "was",
                "have",
                "has",
                "are",
                "були",
                "было",
                "были",
                "було",
            }:
                return False
            if self.tokens[j].low in _CONJUNCTIONS or self.tokens[j].kind == "punct":
                return True
            j += 1
        return True

    def _opens_subset(self, k: int) -> bool:
        low = self.tokens[k].low
        return low in {"including", "among", "зокрема", "серед", "среди", "включаючи", "включая"} or (
            k + 1 < len(self.tokens) and (low, self.tokens[k + 1].low) in {("в", "том"), ("у", "тому"), ("в", "тому")}
        )

    def _skip_parenthesis(self, k: int) -> int:
        while k < len(self.tokens) and self.tokens[k].low not in {",", ";", ".", ")"}:
            k += 1
        return k + 1 if k < len(self.tokens) and self.tokens[k].low == "," else len(self.tokens)

    def scan_before(self, q: Quantity) -> int | None:
        """The casualty word before ``q`` ("killed 12", "загинули п'ятеро", "toll rose to 14")."""
        tokens = self.tokens
        unknown = 0
        j = q.first - 1
        while j >= 0 and q.first - j <= BEFORE_WINDOW + (MAX_UNKNOWN_TOLL if q.rise else 0):
            token = tokens[j]
            if self.kinds[j]:
                return j if unknown <= (MAX_UNKNOWN_TOLL if q.rise else MAX_UNKNOWN) else None
            if j in self.at:
                return None
            if token.low in _BEFORE_FILLERS or token.low in _QUOTES or self.person(j):
                j -= 1
                continue
            if token.kind == "punct" or token.low in _CONJUNCTIONS:
                return None
            unknown += 1
            j -= 1
        return None

    def combined(self, i: int) -> bool:
        """ "killed or injured", "вбиті та поранені": one figure for both, which we cannot split."""
        tokens, kinds = self.tokens, self.kinds
        for step in (-1, 1):
            k = i + 2 * step
            if (
                0 <= k < len(tokens)
                and tokens[i + step].low in _OR
                and kinds[k] in {KILL, INJURE}
                and kinds[k] != kinds[i]
            ):
                return True
        return False

    def hypothetical(self, first: int, last: int) -> bool:
        k = first - 1
        while k >= 0 and first - k <= MODAL_WINDOW and self.tokens[k].low not in _CLAUSE_BREAKS:
            if _MODAL.match(self.tokens[k].low):
                return True
            k -= 1
        return any(_MODAL.match(self.tokens[k].low) for k in range(first, last))

    def phrase(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last - 1].end]


def _zeros(text: str) -> list[_Figure]:
    low = text.lower().replace("ё", "е")
    found = []
    for pattern, kinds in _ZEROS:
        for match in pattern.finditer(low):
            if _NO_INFORMATION.search(low[: match.start()]):
                continue
            for kind in kinds:
                count = Count(min=0, max=0, text=text[match.start() : match.end()])
                found.append(_Figure(kind, count, match.end(), False, False))
    return found


def _figures(sentence: _Sentence, warnings: list[str]) -> list[_Figure]:
    links: list[tuple[int, list[Quantity], bool]] = []  # (keyword index, summed figures, keyword comes first)
    used: set[int] = set()
    for q in sentence.quantities:
        if q.first in used:
            continue
        after = sentence.scan_after(q)
        before = sentence.scan_before(q)
        if after and before is not None:
            # Both sides have a casualty word: the nearer one wins, the one before on a tie.
            if after[0] - q.last < q.first - before:
                before = None
            else:
                after = None
        if after:
            links.append((after[0], after[1], False))
            used |= {member.first for member in after[1]}
        elif before is not None:
            group = sentence.chain_after(q)
            links.append((before, group, True))
            used |= {member.first for member in group}
    # A verb with an object ("gunmen killed 5") does not also count its subject ("3 gunmen").
    with_object = {keyword for keyword, _, first in links if first}
    figures = []
    for keyword, group, keyword_first in links:
        if not keyword_first and keyword in with_object:
            continue
        kind = sentence.kinds[keyword]
        first = min(keyword, group[0].first)
        last = max(keyword + 1, group[-1].last)
        text = sentence.phrase(first, last)
        if kind not in {KILL, INJURE} or sentence.negated[keyword]:
            continue
        if sentence.combined(keyword):
            warnings.append(f"killed and injured counted together, not split: {text!r}")
            continue
        if sentence.hypothetical(first, last):
            warnings.append(f"hypothetical figure ignored: {text!r}")
            continue
        if any(member.value > MAX_PLAUSIBLE for member in group):
            warnings.append(f"implausible {kind} figure ignored (above {MAX_PLAUSIBLE:,}): {text!r}")
            continue
        low = sum(m.min for m in group) if all(m.min is not None for m in group) else None
        high = sum(m.max for m in group) if all(m.max is not None for m in group) else None
        subset = any(sentence.subset_before(m) or sentence.subset_after(m) for m in group) or sentence.keyword_subset(
            keyword
        )
        rise = any(m.rise for m in group)
        figures.append(_Figure(kind, Count(min=low, max=high, text=text), sentence.tokens[last - 1].end, subset, rise))
    figures += _singular(sentence, {f.kind for f in figures}, with_object)
    return figures


def _singular(sentence: _Sentence, counted: set[str], with_object: set[int]) -> list[_Figure]:
    """One casualty from a singular subject and verb: "загинув чоловік", "the driver was injured"."""
    found = []
    for i, kind in enumerate(sentence.kinds):
        if kind in counted or kind not in {KILL, INJURE} or sentence.negated[i] or i in with_object:
            continue
        noun = _singular_subject(sentence, i)
        if noun is None or sentence.hypothetical(min(i, noun), max(i, noun) + 1):
            continue
        first, last = min(i, noun), max(i, noun) + 1
        count = Count(min=1, max=1, text=sentence.phrase(first, last))
        found.append(_Figure(kind, count, sentence.tokens[last - 1].end, sentence.keyword_subset(i), False))
        counted = counted | {kind}
    return found


def _singular_subject(sentence: _Sentence, i: int) -> int | None:
    tokens = sentence.tokens
    if _SINGULAR_VERBS.match(tokens[i].low):
        for step in (1, -1):
            k = i + step
            while (0 <= k < len(tokens) and abs(k - i) <= 4 and tokens[k].kind != "punct") or (
                0 <= k < len(tokens) and tokens[k].low == "-"
            ):
                if sentence.person(k) and _singular_noun(tokens[k].low, sentence.language):
                    return None if k in sentence.at else k
                k += step
        return None
    if tokens[i].low not in _EN_SINGULAR_VERBS:
        return None
    k, passive = i - 1, tokens[i].low in {"died", "dead"}
    while k >= 0 and i - k <= 6:
        low = tokens[k].low
        if low in _PERSON_EN_SINGULAR:
            return k if passive and k not in sentence.at else None
        if low in {"was", "been", "is"}:
            passive = True
        elif not (low in _AFTER_FILLERS or low == "," or tokens[k].kind == "num" or low in {"later", "has", "had"}):
            return None
        k -= 1
    return None


@cache
def _singular_noun(word: str, language: str | None) -> bool:
    languages = [language] if language in {"uk", "ru"} else ["uk", "ru"]
    for lang in languages:
        for parse in analyzer(lang).parse(word)[:2]:
            singular = parse.tag.POS == "NOUN" and parse.tag.number != "plur" and parse.tag.case in {"nomn", "accs"}
            lemma = parse.normal_form.replace("ё", "е")
            # "человек" is the counted form after numerals ("5 человек"), never a singular subject alone.
            if singular and lemma in _PERSON_LEMMAS and lemma != "человек":
                return True
    return False


def _choose(figures: list[_Figure]) -> Count | None:
    """The latest figure wins; a rising toll beats any other; a subset alone is only a lower bound."""
    if not figures:
        return None
    full = [f for f in figures if not f.subset]
    if full:
        rising = [f for f in full if f.rise]
        return max(rising or full, key=lambda f: f.position).count
    best = max(figures, key=lambda f: f.count.min or f.count.max or 0)
    low = best.count.min if best.count.min is not None else best.count.max
    return Count(min=low, max=None, text=best.count.text)


def casualties(sentence: str, *, language: str | None = None) -> tuple[Count | None, Count | None, list[str]]:
    """(fatalities, injuries, warnings) read from one sentence in English, Ukrainian or Russian.

    ``language`` ("en", "uk", "ru") only picks the morphology dictionary for Cyrillic
    words; without it the letters decide.  Never raises on text.
    """
    if not sentence or not _GATE.search(sentence):
        return None, None, []
    warnings: list[str] = []
    parsed = _Sentence(sentence, language)
    figures = _zeros(sentence) + _figures(parsed, warnings)
    fatalities = _choose([f for f in figures if f.kind == KILL])
    injuries = _choose([f for f in figures if f.kind == INJURE])
    return fatalities, injuries, warnings

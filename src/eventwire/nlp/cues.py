"""Speech and attribution cues: the verbs and phrases that introduce what someone said.

English forms are listed inflected (the pipeline runs without spaCy's lemmatizer, which
saves ~5% of parsing time); Ukrainian and Russian forms are past-tense reporting verbs in
all genders and numbers, as news writes them. Compiled by hand from newswire usage.
"""

from __future__ import annotations

import re

from eventwire.nlp.lexicon import words

_EN_CUE_LEMMAS = words(
    """
say tell add note claim argue state announce explain insist warn write report declare suggest acknowledge admit
deny stress emphasize emphasise assert contend maintain believe think predict confirm allege recall respond
reply ask urge describe accuse complain concede comment observe tweet post testify indicate reveal estimate
promise vow pledge threaten quote cite agree fear hope expect worry feel charge counter caution remark recount
concede lament boast joke muse quip reiterate repeat signal hint disclose inform assure concur dispute question
criticize criticise blast slam praise tout contend conclude decide find show demand propose recommend want vow
"""
)
_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"], "write": ["wrote", "writes", "writing",
    "written"], "think": ["thought", "thinks", "thinking"], "feel": ["felt", "feels", "feeling"],
    "find": ["found", "finds", "finding"], "show": ["showed", "shown", "shows", "showing"],
}  # fmt: skip


def _inflect(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    forms = [lemma, third, past, stem + "ing"]
    if re.fullmatch(r"(?:qu|[^aeiou])[aeiou][pt]", lemma):  # "quip" → "quipped"
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return forms


# Inflected English cue verbs → lemma.
EN_CUE_FORMS: dict[str, str] = {form: lemma for lemma in _EN_CUE_LEMMAS for form in _inflect(lemma)}
# Cues that only report speech (no belief/finding verbs): used when the sentence has a quote.
EN_SPEECH_LEMMAS = frozenset(
    words(
        """
say tell add note claim argue state announce explain insist warn write declare suggest acknowledge admit deny
stress emphasize emphasise assert respond reply ask urge quote comment tweet post testify remark reiterate
repeat joke quip muse recall concede lament boast caution counter
"""
    )
)
# Verbs that report a source quoting someone else: "the agencies quoted (him)".
QUOTING_LEMMAS = frozenset({"quote", "cite"})
# English multiword cues whose object is the source: "according to X", "in the words of X".
EN_SOURCE_PREPOSITIONS = (("according", "to"), ("in", "the", "words", "of"))

# Ukrainian and Russian reporting verbs (past tense, all genders/numbers) and source phrases.
SLAVIC_CUE_WORDS = frozenset(
    words(
        """
заявив заявила заявили заявляє заявляють сказав сказала сказали каже кажуть повідомив повідомила повідомили
повідомляє зазначив зазначила зазначили наголосив наголосила наголосили додав додала додали підкреслив
підкреслила пояснив пояснила пояснили написав написала написали розповів розповіла розповіли запевнив запевнила
заявило повідомило відповів відповіла попередив попередила заявил заявила заявили заявляет сказал сказала
сказали говорит сообщил сообщила сообщили сообщает отметил отметила отметили подчеркнул подчеркнула подчеркнули
добавил добавила добавили пояснил пояснила пояснили написал написала написали рассказал рассказала рассказали
заверил заверила ответил ответила предупредил предупредила сообщило заявило
"""
    )
)
# "за словами X, ...", "по словам X, ...", "як зазначив X", "как отметил X": the name follows.
SLAVIC_SOURCE_PHRASES = ("за словами", "по словам", "як заявив", "як зазначив", "как заявил", "как отметил",
                         "за даними", "по данным", "як повідомив", "как сообщил")  # fmt: skip
# Conjunctions that open reported content: "заявив, що ...", "сказал, что ...".
SLAVIC_THAT = ("що", "что")
# Third-person pronouns that stand for the last salient person.
EN_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
SLAVIC_PERSON_PRONOUNS = frozenset({"він", "вона", "он", "она"})

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
# Attribution in the wide sense (PARC, PolNeAR): beyond speech, verbs of belief, knowledge,
# perception, intention and stance whose complement is what the source holds, knows, sees or wants.
_EN_STANCE_LEMMAS = words(
    """
know understand learn realize realise recognize recognise doubt suspect assume presume guess imagine wonder
consider regard reckon figure see hear notice discover determine judge deem view perceive sense
plan intend aim seek hope wish prefer refuse decline plead request order instruct advise encourage invite
call accuse blame condemn denounce decry attack applaud welcome endorse support back oppose reject dismiss
defend criticize criticise question challenge mock ridicule label brand dub characterize characterise portray
mention discuss raise highlight point speak talk brief reassure remind caution tout push lobby advocate
release publish issue unveil outline detail document list project forecast calculate measure rate rank
conclude determine acknowledge concede recall agree disagree argue insist pledge vow swear guarantee vouch
proclaim announce declare threaten offer propose suggest imply contend warn dispute rebut refute counter
retweet echo emphasize emphasise underscore reiterate clarify specify stipulate confess admit apologize
promise predict expect anticipate fear worry believe feel think trust bet insist decide
"""
)
_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"], "write": ["wrote", "writes", "writing",
    "written"], "think": ["thought", "thinks", "thinking"], "feel": ["felt", "feels", "feeling"],
    "find": ["found", "finds", "finding"], "show": ["showed", "shown", "shows", "showing"],
    "know": ["knew", "known", "knows", "knowing"], "understand": ["understood", "understands", "understanding"],
    "see": ["saw", "seen", "sees", "seeing"], "hear": ["heard", "hears", "hearing"],
    "learn": ["learned", "learnt", "learns", "learning"], "speak": ["spoke", "spoken", "speaks", "speaking"],
    "swear": ["swore", "sworn", "swears", "swearing"], "bet": ["bets", "betting"],
    "forecast": ["forecasts", "forecasting"], "plan": ["planned", "plans", "planning"],
    "rebut": ["rebutted", "rebuts", "rebutting"], "admit": ["admitted", "admits", "admitting"],
    "label": ["labeled", "labelled", "labels", "labeling", "labelling"], "issue": ["issued", "issues", "issuing"],
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
EN_CUE_FORMS: dict[str, str] = {
    form: lemma for lemma in [*_EN_STANCE_LEMMAS, *_EN_CUE_LEMMAS] for form in _inflect(lemma)
}  # fmt: skip
# Cue verbs whose object noun phrase (not only a clause) is what is attributed: "criticized the
# party's lack of awareness", "called for tax hikes", "accused Holt of being a Democrat".
EN_OBJECT_CUE_LEMMAS = frozenset(
    words(
        """
call accuse blame condemn denounce decry attack applaud welcome endorse support back oppose reject dismiss defend
criticize criticise question challenge mock ridicule label brand dub characterize characterise portray praise
blast slam tout cite quote mention discuss highlight point speak talk describe deny dispute propose
recommend demand urge want plan seek refuse decline promise pledge vow threaten offer predict estimate forecast
project fear expect hope advocate push lobby request order release publish unveil outline detail document
acknowledge admit concede confirm announce reveal disclose report claim echo reiterate repeat ask
"""
    )
)
# Prepositions that carry the attributed matter after such a verb: "called for", "spoke of", "pointed to".
EN_CONTENT_PREPOSITIONS = frozenset({"for", "of", "about", "on", "to", "against", "over", "that"})
# Nouns that name a statement, belief or finding: "Trump's claim that ...", "the report that ...".
EN_CUE_NOUNS = frozenset(
    words(
        """
statement statements claim claims report reports belief beliefs view views announcement assertion assertions
allegation allegations accusation accusations argument arguments warning warnings promise promises pledge pledges
suggestion insistence comment comments remark remarks testimony concern concerns fear fears hope hopes
expectation expectations estimate estimates finding findings conclusion conclusions proposal proposals call
calls demand demands message assessment analysis opinion position stance declaration admission denial
contention charge charges vow vows threat threats prediction predictions assurance assurances insinuation
"""
    )
)
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

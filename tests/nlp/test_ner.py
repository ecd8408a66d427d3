"""The vectorised NER decoder gives spaCy's own entities, token for token."""

from __future__ import annotations

import pytest

from eventwire.nlp import ner

TEXTS = [
    "Ukraine Russia online: Russian drone attack on Kharkov killed at least three people",
    "Kirill Dmitriyev, Vladimir Putin's envoy, met Steve Witkoff in Washington on Thursday.\n\n"
    "The U.S. State Department said the talks with the European Union and NATO would go on. "
    '"We are ready," said Maria Zakharova in Moscow.\n\n  \n'
    "Elon Musk and Joe Biden were not there.",
    "x",
    "   \n\n  ",
]


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp.models import spacy_english

    return spacy_english()


def _parsed(nlp, text):
    from eventwire.nlp.models import pos_rules

    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    return pos_rules()(doc)


@pytest.mark.parametrize("text", TEXTS)
def test_fast_ner_matches_spacy(nlp, text) -> None:
    component = nlp.get_pipe("ner")
    base = _parsed(nlp, text)
    theirs, ours = base.copy(), base.copy()
    component(theirs)
    assert ner.fast_ner(component, ours) or len(ours) == 0
    assert [(t.ent_iob_, t.ent_type_) for t in ours] == [(t.ent_iob_, t.ent_type_) for t in theirs]


def test_fast_ner_matches_spacy_on_sample(nlp) -> None:
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    component = nlp.get_pipe("ner")
    base = _parsed(nlp, text)
    theirs, ours = base.copy(), base.copy()
    component(theirs)
    assert ner.fast_ner(component, ours)
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [(e.start, e.end, e.label_) for e in theirs.ents]
    assert len(ours.ents) > 20


def test_fast_ner_leaves_preset_entities_to_spacy(nlp) -> None:
    from spacy.tokens import Span

    doc = _parsed(nlp, "Kirill Dmitriyev met Steve Witkoff.")
    doc.set_ents([Span(doc, 0, 2, label="PERSON")])
    assert not ner.fast_ner(nlp.get_pipe("ner"), doc)


def test_batched_headline_and_body_get_the_entities_they_get_alone(nlp) -> None:
    from tests.conftest import SAMPLES

    body = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    title = "Kirill Dmitriyev met Steve Witkoff in Washington"
    alone = [ner.english_doc(text) for text in (title, body)]
    together = ner.english_docs([title, body])
    for one, batched in zip(alone, together, strict=True):
        assert [(e.start_char, e.end_char, e.label_) for e in batched.ents] == [
            (e.start_char, e.end_char, e.label_) for e in one.ents
        ]
        assert [(t.tag_, t.dep_, t.head.i) for t in batched] == [(t.tag_, t.dep_, t.head.i) for t in one]
    assert [e.text for e in together[0].ents] == ["Kirill Dmitriyev", "Steve Witkoff", "Washington"]

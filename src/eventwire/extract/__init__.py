"""The extract stage: from a RawDoc to a clean, dated, sourced Article.

Public entry point: :func:`extract_article`.  HTML goes through
:mod:`eventwire.extract.html_body`; plain scraped text pages through
:mod:`eventwire.extract.textpage`.  Metadata (date, language, agency, cited
outlets, machine translation) is read from the cleaned result by small modules,
each with one job.
"""

from __future__ import annotations

from eventwire.extract.article import extract_article, extract_with_warnings

__all__ = ["extract_article", "extract_with_warnings"]

"""The same pipeline on Apache Spark: ``eventwire spark INPUT... --output DIR``.

No stage is written twice: executors run ``pipeline.process_safely`` and the ingest readers inside
``mapInArrow``; the driver runs the stories stage (``eventwire.stories``) in input order on what
the executors computed. Modules: :mod:`.runtime` (Java and the session), :mod:`.inputs` (what to
read), :mod:`.executor` (what runs on executors), :mod:`.daemon` (models loaded once per executor),
:mod:`.neardup` (near-duplicates by LSH banding in Spark), :mod:`.event_merge` and :mod:`.stories`
(the driver's pass), :mod:`.sinks` (Parquet writing), :mod:`.job` (the steps in order).
"""

from eventwire.scale.job import JobSummary, run_job
from eventwire.scale.runtime import SparkSetupError, start_session

__all__ = ["JobSummary", "SparkSetupError", "run_job", "start_session"]

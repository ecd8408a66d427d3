"""The nlp stage: named entities, canonical actors, roles and quotes.

The models here multiply small matrices, for which OpenBLAS's extra threads only cost (an
article takes ~15% more CPU with them, even when told to use one thread after loading), and
the pipeline runs in parallel by worker processes. OpenBLAS reads its thread count once,
when numpy is first imported: the pipeline imports this package before numpy, so the default
is set here. A value the user set is kept.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

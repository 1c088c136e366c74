"""Scale: `newstally run` on a Dask cluster, resumable, giving what one machine gives.

Workers read chunks of the inputs and clean and analyse their articles (the per-article
stages); the client keeps the order, runs the corpus step of cleaning and hands the
stream to the cross-article stages, which run as on one machine. Dask is an optional
extra (``pip install "newstally[dask]"``); nothing here imports it until a run asks for
a cluster. Design and limits: docs/scale.md.
"""

from __future__ import annotations

from .grouping import GroupingStats
from .partition import Chunk, FileSlice, partition, read_chunk
from .runner import (
    INSTALL_HINT,
    AnalyseChunk,
    ClusterRun,
    ScaleOptions,
    analysed_stream,
    cluster_run,
    connect,
)

__all__ = [
    "INSTALL_HINT",
    "AnalyseChunk",
    "Chunk",
    "ClusterRun",
    "GroupingStats",
    "FileSlice",
    "ScaleOptions",
    "analysed_stream",
    "cluster_run",
    "connect",
    "partition",
    "read_chunk",
]

"""Near-identical copies (a wire story reprinted): MinHash over word shingles + LSH."""

from __future__ import annotations

import re
from collections.abc import Hashable
from functools import cache
from typing import Any

from .config import StoriesConfig, load_config
from .lsh import MinHash, new_lsh

_WORD = re.compile(r"\w+")


class DuplicateIndex:
    """The MinHash signatures of the open articles, searchable by LSH.

    LSH finds candidates at a slightly lower Jaccard than ``threshold`` (it is a
    probabilistic filter); each candidate is then confirmed on its estimated Jaccard.
    Signatures can be removed again (`remove`).
    """

    def __init__(self, config: StoriesConfig | None = None) -> None:
        cfg = config or load_config()
        self.config = cfg
        self._template = _template(cfg.num_perm, cfg.minhash_seed)
        self._lsh_index: Any = None  # made when first needed (`signature` needs none)
        self._signatures: dict[Hashable, MinHash] = {}

    @property
    def _lsh(self) -> Any:
        # An index that only signs (the one a run's grouping records are made with) never
        # needs its tables: they are made when a signature is first added or looked up.
        if self._lsh_index is None:
            threshold = max(0.05, self.config.duplicate_threshold - 0.1)
            self._lsh_index = new_lsh(threshold, self.config.num_perm)
        return self._lsh_index

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of ``text``'s word shingles; None when it is too short to judge."""
        cfg = self.config
        words = _WORD.findall(text[: cfg.max_chars].lower())
        k = cfg.shingle_words
        shingles = {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}
        if len(shingles) < cfg.min_shingles:
            return None
        template = self._template
        minhash = MinHash(
            num_perm=cfg.num_perm,
            seed=cfg.minhash_seed,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        minhash.update_batch(shingles)
        return minhash

    def matches(self, signature: MinHash) -> list[tuple[Hashable, float]]:
        """Indexed keys whose text is a near copy of ``signature``'s, with their Jaccard."""
        found = []
        for key in self._lsh.query(signature):
            jaccard = signature.jaccard(self._signatures[key])
            if jaccard >= self.config.duplicate_threshold:
                found.append((key, jaccard))
        return found

    def add(self, key: Hashable, signature: MinHash) -> None:
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def remove(self, key: Hashable) -> None:
        if key in self._signatures:
            self._lsh.remove(key)
            del self._signatures[key]

    def __len__(self) -> int:
        return len(self._signatures)


@cache
def _template(num_perm: int, seed: int) -> MinHash:
    """The MinHash whose permutations every signature of these settings uses (drawn from
    ``seed``, so always the same; 2 x ``num_perm`` random draws, made once per process
    instead of once per index). Only its permutations and scheme are read."""
    return MinHash(num_perm=num_perm, seed=seed)

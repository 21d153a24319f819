"""Content vectors: sparse, L2-normalised TF-IDF over category, hashtags, title and description.

Category and hashtags become prefixed tokens repeated a few times, so they weigh more than a
stray title word and never collide with ordinary words ("cat:music" vs "music").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

CATEGORY_REPEAT = 3
HASHTAG_REPEAT = 2


@dataclass(frozen=True)
class VideoText:
    category: str
    hashtags: Sequence[str]
    title: str
    description: str


def category_token(category: str) -> str:
    return "cat_" + "".join(ch if ch.isalnum() else "_" for ch in category.lower())


def document(video: VideoText) -> str:
    tags = " ".join("tag_" + "".join(ch if ch.isalnum() else "_" for ch in t.lower()) for t in video.hashtags)
    return " ".join(
        [
            (category_token(video.category) + " ") * CATEGORY_REPEAT,
            (tags + " ") * HASHTAG_REPEAT,
            video.title,
            video.description,
        ]
    )


def content_matrix(videos: Sequence[VideoText], max_features: int = 50_000) -> sp.csr_matrix:
    """videos x terms, rows L2-normalised so a dot product is a cosine."""
    if not videos:
        return sp.csr_matrix((0, 0), dtype=np.float32)
    vectorizer = TfidfVectorizer(
        max_features=max_features,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w\w+\b",
        dtype=np.float32,
        min_df=1,
    )
    matrix = vectorizer.fit_transform([document(v) for v in videos])
    return normalize(matrix.tocsr(), norm="l2", copy=False).astype(np.float32)


def category_centroids(matrix: sp.csr_matrix, category_codes: np.ndarray, n_categories: int) -> sp.csr_matrix:
    """One L2-normalised mean vector per category: the cold-start profile of a declared interest."""
    n = matrix.shape[0]
    onehot = sp.csr_matrix(
        (np.ones(n, dtype=np.float32), (category_codes, np.arange(n))), shape=(n_categories, n)
    )
    return normalize(onehot @ matrix, norm="l2").astype(np.float32).tocsr()

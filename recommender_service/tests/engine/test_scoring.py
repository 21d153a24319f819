import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from recommender_service.engine import scoring


def test_top_k_matches_a_full_sort_and_skips_excluded():
    rng = np.random.default_rng(0)
    scores = rng.random(1000).astype(np.float32)
    excluded = np.zeros(1000, dtype=bool)
    excluded[np.argsort(-scores)[:5]] = True  # the five best are off limits
    got = scoring.top_k(scores, 10, excluded)
    expected = np.argsort(-scores)[5:15]
    assert got.tolist() == expected.tolist()


def test_top_k_with_fewer_valid_than_k():
    scores = np.array([0.1, 0.9, 0.5], dtype=np.float32)
    assert scoring.top_k(scores, 10, np.array([False, True, False])).tolist() == [2, 0]


def test_similar_items_finds_the_closest_rows_without_a_square_matrix():
    content = normalize(
        sp.csr_matrix(np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32))
    )
    assert scoring.similar_items(content, 0, 2).tolist()[0] == 1


def test_blend_weights_terms():
    sim = np.array([1.0, 0.0], dtype=np.float32)
    eng = np.array([0.0, 1.0], dtype=np.float32)
    assert scoring.blend(sim, eng, None, scoring.Weights(0.7, 0.3)).tolist() == [
        np.float32(0.7),
        np.float32(0.3),
    ]

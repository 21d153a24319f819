"""Offline evaluation of the recommender on MovieLens 100k (prints figures; not a test).

Protocol: genres stand for categories (first genre = the category, all genres = hashtags,
the title = the caption), every rating is a view and a rating >= 4 is also a like. Each
user's last 20% of ratings by time is the test set; the relevant items are the test likes.
Engagement comes from the training ratings only, without freshness decay (the catalogue's
release dates say nothing about what is fresh in 1998). Candidates are all items the user
did not rate in training.

Rankers: random, popularity, the original content-only formula (0.7 cos + 0.3 engagement),
pure ALS, and our hybrid (the formula + ALS with the blend weight picked on a validation
split carved from the training data, exactly as the rebuild does).

    python -m testing.bench.recsys_eval
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from tqdm import tqdm

from opentok.core.config import get_settings
from recommender_service.engine import cf, content, engagement, profiles, scoring, validation

WEIGHTS = scoring.Weights(0.7, 0.3)


def load() -> tuple[pd.DataFrame, list[content.VideoText]]:
    root = get_settings().shared_data_dir / "movielens-100k"
    ratings = pd.read_csv(root / "u.data", sep="\t", names=["user", "item", "rating", "ts"])
    genres = pd.read_csv(root / "u.genre", sep="|", names=["genre", "id"]).dropna()["genre"].tolist()
    items = pd.read_csv(root / "u.item", sep="|", encoding="latin-1", header=None)
    flags = items.iloc[:, 5:].to_numpy()
    texts = []
    for title, row in zip(items[1].astype(str), flags, strict=True):
        names = [g for g, on in zip(genres, row, strict=True) if on] or ["unknown"]
        texts.append(content.VideoText(names[0], names, title.rsplit("(", 1)[0], ""))
    return ratings, texts


def train_engagement(users: np.ndarray, items: np.ndarray, liked: np.ndarray, n_items: int) -> np.ndarray:
    views = np.bincount(items, minlength=n_items).astype(float)
    likes = np.bincount(items[liked], minlength=n_items).astype(float)
    zeros = np.zeros(n_items)
    return engagement.engagement_scores(likes, zeros, views, zeros, zeros, zeros, half_life_hours=0)


def main() -> None:
    started = time.perf_counter()
    ratings, texts = load()
    n_items = len(texts)
    users = ratings["user"].to_numpy() - 1
    item_rows = ratings["item"].to_numpy() - 1
    times = ratings["ts"].to_numpy().astype(float)
    liked = ratings["rating"].to_numpy() >= 4
    weights = (profiles.VIEW + np.where(liked, profiles.LIKE, 0.0)).astype(np.float32)
    n_users = int(users.max()) + 1
    shape = (n_users, n_items)

    test = validation.time_split(users, times, frac=0.2)
    train = validation.weight_matrix(users[~test], item_rows[~test], weights[~test], shape)
    relevant = validation.relevant_sets(users, item_rows, test & liked)
    eng = train_engagement(users[~test], item_rows[~test], liked[~test], n_items)
    matrix = content.content_matrix(texts)
    print(
        f"MovieLens 100k: {len(ratings):,} ratings, {n_users} users, {n_items} items, {matrix.shape[1]} terms"
    )
    print(
        f"test: {int(test.sum()):,} ratings held out (last 20% per user), "
        f"{len(relevant)} users with test likes"
    )

    # The CF blend weight, chosen on a validation split of the training part only.
    tr_users, tr_items, tr_w, tr_t, tr_liked = (
        users[~test],
        item_rows[~test],
        weights[~test],
        times[~test],
        liked[~test],
    )
    val = validation.time_split(tr_users, tr_t, frac=0.2)
    fit = validation.weight_matrix(tr_users[~val], tr_items[~val], tr_w[~val], shape)
    val_rel = validation.relevant_sets(tr_users, tr_items, val & tr_liked)
    val_eng = train_engagement(tr_users[~val], tr_items[~val], tr_liked[~val], n_items)
    cf_weight, table = validation.choose_cf_weight(fit, val_rel, matrix, val_eng, WEIGHTS, max_users=n_users)
    print("validation NDCG@10 by CF weight: " + ", ".join(f"{w}: {v:.4f}" for w, v in table.items()))
    print(f"chosen CF blend weight: {cf_weight:g}")

    user_f, item_f = cf.train_als(train)
    rng = np.random.default_rng(0)
    content_only = validation.HybridRanker(train, matrix, eng, WEIGHTS)
    hybrid = validation.HybridRanker(
        train, matrix, eng, scoring.Weights(WEIGHTS.similarity, WEIGHTS.engagement, cf_weight), user_f, item_f
    )
    popularity = np.asarray(train.getnnz(axis=0), dtype=np.float32)
    rankers = {
        "random": lambda u: rng.random(n_items).astype(np.float32),
        "popularity": lambda u: popularity,
        "content-only formula": content_only.scores,
        "ALS": lambda u: item_f @ user_f[u],
        f"hybrid (cf weight {cf_weight:g})": hybrid.scores,
    }
    print(f"\n{'ranker':<28}{'NDCG@10':>9}{'Recall@10':>11}{'Recall@20':>11}{'Coverage@10':>13}")
    for name, fn in tqdm(rankers.items(), desc="rankers", leave=False):
        m = validation.evaluate(fn, train, relevant)
        tqdm.write(
            f"{name:<28}{m['ndcg@10']:>9.4f}{m['recall@10']:>11.4f}{m['recall@20']:>11.4f}{m['coverage@10']:>13.4f}"
        )
    print(f"\n({len(relevant)} test users; {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()

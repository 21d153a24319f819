from recommender_service.engine.rules import Candidate, diversify, is_diverse


def cand(i: int, creator: int, category: str) -> Candidate:
    return Candidate(video_id=i, creator_id=creator, category=category, score=1.0 - i / 100, reason="exploit")


def test_no_more_than_two_in_a_row_from_one_category_or_creator():
    preferred = [cand(i, 1, "music") for i in range(6)]
    backups = [cand(10 + i, 2 + i, c) for i, c in enumerate(["pets", "food", "travel", "comedy"])]
    feed = diversify(preferred, backups, 8)
    assert len(feed) == 8 and is_diverse(feed)
    assert [c.video_id for c in feed[:2]] == [0, 1]  # the best stay on top


def test_same_creator_across_categories_is_also_broken_up():
    preferred = [cand(0, 1, "music"), cand(1, 1, "pets"), cand(2, 1, "food"), cand(3, 2, "travel")]
    feed = diversify(preferred, [], 4)
    assert is_diverse(feed) and [c.video_id for c in feed] == [0, 1, 3, 2]


def test_a_single_category_catalogue_still_fills_the_feed():
    preferred = [cand(i, i, "music") for i in range(5)]
    assert len(diversify(preferred, [], 5)) == 5

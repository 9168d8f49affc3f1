"""The distribution's privacy rule by hand: level groups under 5 never show through."""
from collections import Counter

from casebook.decisions.distribution import MIN_GROUP_SIZE, build_distribution, split_groups

LABELS = ("A", "B", "C")


def groups(**sizes):
    return {name.replace("_", "-"): Counter(counts) for name, counts in sizes.items()}


def test_overall_counts_and_percentages():
    dist = build_distribution(1, LABELS, groups(executive={"A": 3, "B": 5}, new_manager={"C": 2}))
    assert dist.total == 10
    assert [(s.label, s.count, s.percent) for s in dist.shares] == [("A", 3, 30), ("B", 5, 50), ("C", 2, 20)]


def test_two_large_groups_are_both_shown_in_level_order():
    dist = build_distribution(1, LABELS, groups(executive={"A": 5}, new_manager={"B": 4, "C": 2}))
    assert [(g.name, g.total) for g in dist.levels] == [("new-manager", 6), ("executive", 5)]
    [new, _] = dist.levels
    assert [(s.label, s.count, s.percent) for s in new.shares] == [("A", 0, 0), ("B", 4, 67), ("C", 2, 33)]
    assert dist.unsplit == 0


def test_a_small_group_is_hidden_and_so_is_the_smallest_group_that_would_expose_it():
    # Overall minus "executive" would give the 3 new managers' choices, so neither shows.
    dist = build_distribution(1, LABELS, groups(executive={"A": 6}, new_manager={"B": 3}))
    assert dist.levels == ()
    assert dist.unsplit == 9


def test_hidden_groups_large_enough_together_show_as_other_levels():
    dist = build_distribution(1, LABELS, groups(
        executive={"A": 7}, senior_manager={"B": 6}, new_manager={"C": 3}))
    names = [(g.name, g.total) for g in dist.levels]
    # new-manager (3) alone would show by subtraction; senior-manager (6) joins it.
    assert names == [("executive", 7), ("other", 9)]
    assert dist.unsplit == 0


def test_split_groups_never_leaves_a_remainder_under_the_threshold():
    for sizes in ([6, 3], [5, 5, 1], [9, 4, 4], [12, 7, 2, 2], [5, 4], [30, 1], [8, 6, 5, 1]):
        named = {f"g{i}": Counter({"A": n}) for i, n in enumerate(sizes)}
        shown, hidden = split_groups(named)
        remainder = sum(sum(named[n].values()) for n in hidden)
        assert remainder == 0 or remainder >= MIN_GROUP_SIZE or not shown, sizes
        assert all(sum(named[n].values()) >= MIN_GROUP_SIZE for n in shown), sizes


def test_leaders_without_a_level_form_their_own_group():
    dist = build_distribution(1, LABELS, groups(executive={"A": 5}, unstated={"B": 5}))
    assert [g.name for g in dist.levels] == ["executive", "unstated"]


def test_a_single_group_is_not_repeated_as_a_split():
    dist = build_distribution(1, LABELS, groups(executive={"A": 8}))
    assert dist.levels == () and dist.total == 8

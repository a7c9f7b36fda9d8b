"""Kappas and percentage agreement agree with statsmodels and textbooks; the calibration reveal."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pytest
from statsmodels.stats import inter_rater

from vigkit.core.agreement import (
    SMALL_SAMPLE,
    AgreementFigure,
    calibration_reveal,
    cohen_kappa,
    fleiss_kappa,
    fleiss_table,
    landis_koch_band,
    pairwise_percent_agreement,
    percent_agreement,
    unanimous_percent,
)

CASES = 300


def sm_fleiss(table: np.ndarray) -> float | None:
    """statsmodels' Fleiss kappa, with its nan (0/0) read as None."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(inter_rater.fleiss_kappa(table, method="fleiss"))
    return None if math.isnan(value) else value


def sm_cohen(rater_a: Sequence[str], rater_b: Sequence[str]) -> float | None:
    """statsmodels' Cohen kappa on a contingency table built by hand, nan read as None."""
    labels = sorted(set(rater_a) | set(rater_b))
    table = np.zeros((len(labels), len(labels)))
    for a, b in zip(rater_a, rater_b, strict=True):
        table[labels.index(a), labels.index(b)] += 1
    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(inter_rater.cohens_kappa(table, return_results=False))
    return None if math.isnan(value) else value


def random_ratings(rng: np.random.Generator) -> np.ndarray:
    """subjects × raters category codes, with some agreement built in (varies per case)."""
    subjects, raters, categories = (
        int(rng.integers(1, 26)),
        int(rng.integers(1, 10)),
        int(rng.integers(1, 7)),
    )
    truth = rng.integers(0, categories, size=(subjects, 1))
    noise = rng.integers(0, categories, size=(subjects, raters))
    keep = rng.random((subjects, raters)) < rng.random()
    return np.where(keep, truth, noise)


def counts(ratings: np.ndarray, categories: int) -> np.ndarray:
    return np.array([np.bincount(row, minlength=categories) for row in ratings])


def pytest_approx_or_none(expected: float | None) -> object:
    return None if expected is None else pytest.approx(expected, abs=1e-9)


# --- statsmodels on cases the module has never seen -----------------------------------------
def test_fleiss_kappa_matches_statsmodels_on_random_tables() -> None:
    """On 300 seeded random tables Fleiss' kappa is statsmodels' figure (None where it is nan)."""
    rng = np.random.default_rng(20261125)
    nones = 0
    for _ in range(CASES):
        ratings = random_ratings(rng)
        table = counts(ratings, int(ratings.max()) + 1 + int(rng.integers(0, 2)))
        expected = sm_fleiss(table)
        nones += expected is None
        assert pytest_approx_or_none(expected) == fleiss_kappa(table), table
    assert 0 < nones < CASES // 2  # the edges were exercised, but not only them


def test_fleiss_table_matches_statsmodels_aggregate_raters() -> None:
    """Per-subject labels are counted as statsmodels' aggregate_raters counts them."""
    rng = np.random.default_rng(4)
    for _ in range(50):
        ratings = random_ratings(rng)
        expected, categories = inter_rater.aggregate_raters(ratings)
        labels, actual = fleiss_table(ratings.tolist(), categories=categories.tolist())
        assert categories.tolist() == labels
        assert expected.tolist() == actual.tolist()


def test_cohen_kappa_matches_statsmodels_on_random_pairs() -> None:
    """On 300 seeded random pairs of raters Cohen's kappa is statsmodels' figure."""
    rng = np.random.default_rng(1977)
    nones = 0
    for _ in range(CASES):
        n, k = int(rng.integers(1, 41)), int(rng.integers(1, 6))
        labels = [chr(ord("a") + i) for i in range(k)]
        rater_a = [labels[i] for i in rng.integers(0, k, size=n)]
        agree = rng.random(n) < rng.random()
        rater_b = [
            a if same else labels[rng.integers(0, k)]
            for a, same in zip(rater_a, agree, strict=True)
        ]
        expected = sm_cohen(rater_a, rater_b)
        nones += expected is None
        assert pytest_approx_or_none(expected) == cohen_kappa(rater_a, rater_b), (rater_a, rater_b)
    assert 0 < nones < CASES // 2


def test_pairwise_agreement_is_the_share_of_agreeing_rater_pairs() -> None:
    """Pairwise percentage agreement equals counting agreeing pairs of raters one by one."""
    rng = np.random.default_rng(7)
    for _ in range(100):
        ratings = random_ratings(rng)
        if ratings.shape[1] < 2:
            assert pairwise_percent_agreement(counts(ratings, 6)) is None
            continue
        per_subject = [
            np.mean([a == b for a, b in itertools.combinations(row, 2)]) for row in ratings
        ]
        expected = 100 * float(np.mean(per_subject))
        assert pytest.approx(expected) == pairwise_percent_agreement(counts(ratings, 6))


def test_unanimous_percent_is_the_share_of_subjects_everyone_agreed_on() -> None:
    """Unanimous percentage counts subjects whose raters all gave one category."""
    rng = np.random.default_rng(8)
    for _ in range(100):
        ratings = random_ratings(rng)
        if ratings.shape[1] < 2:
            continue
        expected = 100 * float(np.mean([len(set(row)) == 1 for row in ratings]))
        assert pytest.approx(expected) == unanimous_percent(counts(ratings, 6))


def test_percent_agreement_of_two_raters_matches_pairwise_on_their_table() -> None:
    """For two raters, plain and pairwise percentage agreement are the same figure."""
    rng = np.random.default_rng(9)
    for _ in range(50):
        ratings = rng.integers(0, 3, size=(int(rng.integers(1, 20)), 2))
        expected = pairwise_percent_agreement(counts(ratings, 3))
        assert pytest.approx(expected) == percent_agreement(
            ratings[:, 0].tolist(), ratings[:, 1].tolist()
        )


# --- Textbook examples ----------------------------------------------------------------------
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_wikipedia_fleiss_example_is_0_210() -> None:
    """Wikipedia's 10 subjects × 14 raters × 5 categories example gives kappa ≈ 0.210."""
    assert 0.210 == round(fleiss_kappa(WIKIPEDIA_FLEISS) or 0, 3)


def test_wikipedia_fleiss_example_observed_agreement() -> None:
    """Its mean observed agreement P̄ is 0.378 (Wikipedia's worked figure)."""
    assert 37.8 == round(pairwise_percent_agreement(WIKIPEDIA_FLEISS) or 0, 1)


def test_wikipedia_cohen_example_is_0_4() -> None:
    """Wikipedia's 50 grant proposals (20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no) give 0.4."""
    rater_a = ["yes"] * 25 + ["no"] * 25
    rater_b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert pytest.approx(0.4) == cohen_kappa(rater_a, rater_b)
    assert 70.0 == percent_agreement(rater_a, rater_b)


def test_landis_koch_bands() -> None:
    """Kappas are named by the Landis & Koch bands, boundaries included in the lower band."""
    kappas = [-0.1, 0.0, 0.2, 0.21, 0.4, 0.6, 0.61, 0.8, 0.81, 1.0]
    expected = [
        "poor",
        "slight",
        "slight",
        "fair",
        "fair",
        "moderate",
        "substantial",
        "substantial",
        "almost perfect",
        "almost perfect",
    ]
    assert expected == [landis_koch_band(k) for k in kappas]


# --- Edges ----------------------------------------------------------------------------------
def test_perfect_agreement_is_kappa_1() -> None:
    """Raters who agree on every subject, using two categories or more, get kappa 1."""
    assert (1.0, 1.0) == (
        cohen_kappa(["a", "b", "a"], ["a", "b", "a"]),
        fleiss_kappa([[3, 0], [0, 3], [3, 0]]),
    )


def test_all_one_category_gives_no_kappa() -> None:
    """Every rating in one category: statsmodels gives nan, we give None."""
    assert sm_fleiss(np.array([[3, 0], [3, 0]])) is None
    assert (None, None) == (fleiss_kappa([[3, 0], [3, 0]]), cohen_kappa(["a", "a"], ["a", "a"]))


def test_one_rater_gives_no_kappa() -> None:
    """One rater per subject: nothing to agree with, so None (statsmodels gives nan)."""
    assert (None, None, None) == (
        fleiss_kappa([[1, 0], [0, 1]]),
        pairwise_percent_agreement([[1, 0], [0, 1]]),
        unanimous_percent([[1, 0], [0, 1]]),
    )


def test_complete_disagreement_of_two_raters_is_minus_1() -> None:
    """Two raters who swap two labels throughout get Cohen's kappa -1."""
    assert -1.0 == cohen_kappa(["a", "b"] * 3, ["b", "a"] * 3)


def test_two_raters_through_fleiss_give_scotts_pi_not_cohens_kappa() -> None:
    """With unequal margins, Fleiss on two raters is Scott's pi and differs from Cohen."""
    rater_a = ["y"] * 8 + ["n"] * 2
    rater_b = ["y"] * 5 + ["n"] * 5
    _, table = fleiss_table(list(zip(rater_a, rater_b, strict=True)))
    p_o = 0.7
    p_y = (8 + 5) / 20
    scotts_pi = (p_o - (p_y**2 + (1 - p_y) ** 2)) / (1 - (p_y**2 + (1 - p_y) ** 2))
    cohen = (p_o - (0.8 * 0.5 + 0.2 * 0.5)) / (1 - (0.8 * 0.5 + 0.2 * 0.5))
    assert (pytest.approx(scotts_pi), pytest.approx(cohen)) == (
        fleiss_kappa(table),
        cohen_kappa(rater_a, rater_b),
    )


def test_two_raters_with_equal_margins_give_the_same_kappa_both_ways() -> None:
    """With equal margins, Fleiss on two raters and Cohen give the same figure."""
    rater_a = ["y", "y", "n", "n", "y", "n"]
    rater_b = ["y", "n", "y", "n", "y", "n"]
    _, table = fleiss_table(list(zip(rater_a, rater_b, strict=True)))
    assert pytest.approx(cohen_kappa(rater_a, rater_b)) == fleiss_kappa(table)


def test_single_subject_is_computed_as_statsmodels_does() -> None:
    """One subject is arithmetic, not an error: the same figure as statsmodels."""
    assert pytest.approx(sm_fleiss(np.array([[2, 1]]))) == fleiss_kappa([[2, 1]])


def test_float_counts_that_are_whole_are_accepted() -> None:
    """Counts given as 3.0 (as statsmodels' to_table returns them) are whole numbers."""
    assert 1.0 == fleiss_kappa(np.array([[3.0, 0.0], [0.0, 3.0]]))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([], "The table is empty"),
        ([[]], "The table is empty"),
        ([1, 2], "one row per subject and one column per category; this one has 1 dimension"),
        ([[1, 2], [3]], "every row with the same number of columns"),
        ([[2, -1], [1, 0]], "Row 1, column 2 holds -1: counts cannot be negative."),
        ([[1, 1], [1.5, 0.5]], "Row 2, column 1 holds 1.5: counts must be whole numbers."),
        ([[1, float("nan")]], "Row 1, column 2 is not a number"),
        ([[3, 0], [1, 1]], "row 1 adds up to 3 and row 2 to 2"),
        ([[0, 0], [0, 0]], "The table holds no ratings"),
        ([["a", "b"]], "The table must hold counts"),
    ],
)
def test_bad_tables_are_refused_in_plain_words(table: object, message: str) -> None:
    """Bad count tables raise ValueError saying what is wrong."""
    with pytest.raises(ValueError) as caught:
        fleiss_kappa(table)
    assert message in str(caught.value)


def test_raters_with_different_numbers_of_ratings_are_refused() -> None:
    """Unequal lengths are a ValueError that gives both lengths."""
    with pytest.raises(ValueError) as caught:
        cohen_kappa(["a", "b", "c"], ["a", "b"])
    assert "one gave 3 ratings and the other 2" in str(caught.value)


def test_empty_ratings_are_refused() -> None:
    """No ratings at all is a ValueError, for kappa and for percentage agreement."""
    for compute in (cohen_kappa, percent_agreement):
        with pytest.raises(ValueError) as caught:
            compute([], [])
        assert "both raters gave no ratings" in str(caught.value)


def test_fleiss_table_refuses_a_label_outside_the_categories() -> None:
    """A label that is not one of the given categories is named."""
    with pytest.raises(ValueError) as caught:
        fleiss_table([["yes", "maybe"]], categories=["yes", "no"])
    assert "Subject 1 has the label 'maybe'" in str(caught.value)


# --- Calibration reveal ---------------------------------------------------------------------
HEADINGS = ["attentive", "initiatives", "receiving", "guiding"]

# Three members, three clips. Counts worked out by hand below.
GROUP = {
    "ana": {"c1": {"attentive", "receiving"}, "c2": {"attentive"}, "c3": set()},
    "ben": {"c1": {"attentive"}, "c2": {"attentive", "guiding"}, "c3": {"receiving"}},
    "cat": {"c1": {"attentive", "receiving"}, "c2": set(), "c3": {"receiving"}},
}


def hand_table(rows: list[int], raters: int) -> np.ndarray:
    """Rows of 'how many tagged it' as [tagged, not tagged] counts."""
    return np.array([[t, raters - t] for t in rows])


def test_reveal_counts_who_tagged_each_heading_on_each_clip() -> None:
    """tagged_by counts the members who gave each heading on each clip."""
    reveal = calibration_reveal(GROUP, HEADINGS)
    expected = {
        "attentive": {"c1": 3, "c2": 2, "c3": 0},
        "initiatives": {"c1": 0, "c2": 0, "c3": 0},
        "receiving": {"c1": 2, "c2": 0, "c3": 2},
        "guiding": {"c1": 0, "c2": 1, "c3": 0},
    }
    assert expected == {h.heading: h.tagged_by for h in reveal.headings}
    assert (("ana", "ben", "cat"), ("c1", "c2", "c3")) == (reveal.members, reveal.clips)


def test_reveal_per_heading_kappas_are_fleiss_on_clips() -> None:
    """Per heading, three members get Fleiss' kappa over the clips (tagged / not tagged)."""
    reveal = calibration_reveal(GROUP, HEADINGS)
    expected = {
        "attentive": sm_fleiss(hand_table([3, 2, 0], 3)),
        "initiatives": None,
        "receiving": sm_fleiss(hand_table([2, 0, 2], 3)),
        "guiding": sm_fleiss(hand_table([0, 1, 0], 3)),
    }
    actual = {h.heading: h.agreement.kappa for h in reveal.headings}
    assert {k: pytest_approx_or_none(v) for k, v in expected.items()} == actual
    # By hand for 'attentive': P̄ = (1 + 1/3 + 1) / 3 = 7/9, p_e = (5/9)² + (4/9)² = 41/81,
    # kappa = (63/81 - 41/81) / (40/81) = 0.55.
    assert pytest.approx(0.55) == actual["attentive"]
    assert {"Fleiss'"} == {h.agreement.kappa_kind for h in reveal.headings if h.agreement.kappa}


def test_reveal_overall_is_fleiss_on_clip_heading_pairs() -> None:
    """Overall, the subjects are the 12 (clip, heading) pairs."""
    rows = [3, 2, 0] + [0, 0, 0] + [2, 0, 2] + [0, 1, 0]
    table = hand_table(rows, 3)
    overall = calibration_reveal(GROUP, HEADINGS).overall
    pairs_agreeing = [(t * (t - 1) + (3 - t) * (2 - t)) / 6 for t in rows]
    assert (
        3,
        12,
        pytest.approx(sm_fleiss(table)),
        pytest.approx(100 * np.mean(pairs_agreeing)),
    ) == (
        overall.raters,
        overall.subjects,
        overall.kappa,
        overall.percent_agreement,
    )


def test_reveal_with_two_members_uses_cohens_kappa() -> None:
    """Two members get Cohen's kappa, per heading and overall."""
    pair = {m: GROUP[m] for m in ("ana", "ben")}
    reveal = calibration_reveal(pair, HEADINGS)
    ana = [h in pair["ana"][c] for h in HEADINGS for c in ("c1", "c2", "c3")]
    ben = [h in pair["ben"][c] for h in HEADINGS for c in ("c1", "c2", "c3")]
    expected = sm_cohen([str(a) for a in ana], [str(b) for b in ben])
    assert (pytest.approx(expected), "Cohen's") == (reveal.overall.kappa, reveal.overall.kappa_kind)
    attentive = reveal.headings[0].agreement
    assert pytest.approx(sm_cohen(["y", "y", "n"], ["y", "y", "n"])) == attentive.kappa


def test_reveal_everyone_gave_the_same_answer() -> None:
    """A heading nobody tagged has no kappa and says so plainly."""
    heading = calibration_reveal(GROUP, HEADINGS).headings[1].agreement
    expected = AgreementFigure(
        raters=3,
        subjects=3,
        percent_agreement=100.0,
        unanimous_percent=100.0,
        kappa=None,
        kappa_kind=None,
        meaning="Everyone gave the same answer, so kappa cannot be computed; agreement is 100%.",
    )
    assert expected == heading


def test_reveal_on_one_clip_gives_no_per_heading_kappa() -> None:
    """With one clip a split heading has no kappa, and the overall figure still has one."""
    one = {m: {"c1": clips["c1"]} for m, clips in GROUP.items()}
    reveal = calibration_reveal(one, HEADINGS)
    receiving = reveal.headings[2].agreement
    assert (
        None,
        "With one clip, kappa cannot be computed for a single heading; agreement is 33%.",
    ) == (
        receiving.kappa,
        receiving.meaning,
    )
    assert pytest.approx(sm_fleiss(hand_table([3, 0, 2, 0], 3))) == reveal.overall.kappa


def test_reveal_with_one_member_has_nobody_to_agree_with() -> None:
    """A single member gets no agreement figures and a sentence that says why."""
    overall = calibration_reveal({"ana": GROUP["ana"]}, HEADINGS).overall
    assert (
        1,
        None,
        None,
        "Only one person has tagged so far, so there is nobody to agree with yet.",
    ) == (
        overall.raters,
        overall.percent_agreement,
        overall.kappa,
        overall.meaning,
    )


def test_reveal_sentence_names_the_band_and_cautions_on_small_numbers() -> None:
    """The overall sentence gives agreement, kappa, its band and a small-numbers caution."""
    overall = calibration_reveal(GROUP, HEADINGS).overall
    kappa = sm_fleiss(hand_table([3, 2, 0, 0, 0, 0, 2, 0, 2, 0, 1, 0], 3)) or 0
    expected = (
        f"Pairs of members agreed on {overall.percent_agreement:.0f}% of answers, and Fleiss' "
        f"kappa of {kappa:.2f} means {landis_koch_band(kappa)} agreement beyond chance "
        "(Landis & Koch), but with only 12 clip-and-heading answers one different answer can "
        "move it a lot, so take it as a start for talking, not a score."
    )
    assert expected == overall.meaning


def test_reveal_sentence_has_no_caution_with_enough_answers() -> None:
    """With SMALL_SAMPLE answers or more the sentence ends at the band."""
    clips = [f"c{i}" for i in range(SMALL_SAMPLE)]
    rng = np.random.default_rng(3)
    tags = {m: {c: {h for h in HEADINGS[:1] if rng.random() < 0.5} for c in clips} for m in "ab"}
    assert calibration_reveal(tags, HEADINGS[:1]).overall.meaning.endswith("(Landis & Koch).")


def test_reveal_negative_kappa_says_less_than_chance() -> None:
    """Members who disagree more than chance would are told so."""
    tags = {
        "a": {"c1": {"attentive"}, "c2": set()},
        "b": {"c1": set(), "c2": {"attentive"}},
    }
    meaning = calibration_reveal(tags, ["attentive"]).overall.meaning
    assert meaning.startswith(
        "The two members agreed on 0% of answers, and Cohen's kappa of -1.00 means less "
        "agreement than chance alone would give"
    )


@pytest.mark.parametrize(
    ("tags", "headings", "message"),
    [
        ({}, HEADINGS, "Nobody has tagged yet"),
        (GROUP, [], "There are no headings to compare"),
        (GROUP, ["attentive", "attentive"], "The heading 'attentive' is listed twice"),
        ({"a": {}, "b": {}}, HEADINGS, "No clip has been tagged"),
        (
            {"a": {"c1": set()}, "b": {"c2": set()}},
            HEADINGS,
            "'a' has not tagged clip 'c2'",
        ),
        (
            {"a": {"c1": {"atentive"}}},
            HEADINGS,
            "'a' tagged clip 'c1' with 'atentive', which is not one of the headings",
        ),
    ],
)
def test_reveal_refuses_bad_input_in_plain_words(
    tags: dict[str, dict[str, set[str]]], headings: list[str], message: str
) -> None:
    """Bad reveal input raises ValueError saying what is wrong."""
    with pytest.raises(ValueError) as caught:
        calibration_reveal(tags, headings)
    assert message in str(caught.value)

"""How far people agree: Cohen's and Fleiss' kappa, percentage agreement, calibration reveal.

Pure: numpy and the interface's words only, no widgets, no disk. The kappas give the same figures as statsmodels
(``statsmodels.stats.inter_rater``; the tests compare them on hundreds of random cases),
with two conventions of our own:

- **None, not nan, when kappa cannot be computed.** Kappa is ``(p_o - p_e) / (1 - p_e)``;
  when every rating falls in one category the expected agreement ``p_e`` is 1 and the
  figure is 0/0. statsmodels returns ``nan`` there (with a RuntimeWarning), and also when
  there is only one rater per subject (its Fleiss formula divides by ``n - 1``). We return
  ``None`` in both cases, so a caller has to say something in words rather than show
  "nan". One category used throughout always means perfect agreement, so that sentence is
  "everyone gave the same answer".
- **Bad input is a ValueError in plain words** (unequal lengths, empty input, negative or
  fractional counts, rows with different totals), where statsmodels would fail an
  ``assert`` or compute something meaningless.

A single subject is still computed by :func:`fleiss_kappa` and :func:`cohen_kappa`, as
statsmodels does (it is arithmetic, not an error), but :func:`calibration_reveal` gives no
kappa for a heading seen on one clip only: one clip cannot separate agreement from chance.

The calibration reveal: a facilitator picks one or more clips; every member tags each clip
with principle heading ids. Per heading, the subjects are the clips and the categories are
"tagged" and "not tagged"; overall, the subjects are the (clip, heading) pairs. Two
members get Cohen's kappa, three or more Fleiss' kappa. Heading wording is the caller's
business: this module only sees ids.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from vigkit.i18n.interface import Interface

__all__ = [
    "SMALL_SAMPLE",
    "AgreementFigure",
    "HeadingAgreement",
    "CalibrationReveal",
    "cohen_kappa",
    "fleiss_kappa",
    "fleiss_table",
    "percent_agreement",
    "pairwise_percent_agreement",
    "unanimous_percent",
    "landis_koch_band",
    "meaning_words",
    "calibration_reveal",
]

# Below this many subjects one changed answer moves kappa noticeably, so the sentence adds
# a caution. A rule of thumb, not a published threshold: calibration sessions are small.
SMALL_SAMPLE = 30

Table = npt.NDArray[np.float64]


# --- Input checks --------------------------------------------------------------------------
def _counts(table: object) -> Table:
    """A subjects × categories table of whole, non-negative counts with equal row totals."""
    try:
        array = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "The table must hold counts (whole numbers), one row per subject and one column "
            "per category, every row with the same number of columns."
        ) from None
    if array.size == 0:
        raise ValueError(
            "The table is empty: it needs at least one subject (a row) and one category (a column)."
        )
    if array.ndim != 2:
        raise ValueError(
            "The table must have one row per subject and one column per category; "
            f"this one has {array.ndim} dimension{'' if array.ndim == 1 else 's'}."
        )
    for bad, why in (
        (~np.isfinite(array), "is not a number: counts must be whole numbers"),
        (array < 0, "holds {value:g}: counts cannot be negative"),
        (array != np.floor(array), "holds {value:g}: counts must be whole numbers"),
    ):
        if bad.any():
            row, col = (int(i) for i in np.argwhere(bad)[0])
            reason = why.format(value=array[row, col])
            raise ValueError(f"Row {row + 1}, column {col + 1} {reason}.")
    totals = array.sum(axis=1)
    if totals[0] == 0 and not totals.any():
        raise ValueError("The table holds no ratings: every count is 0.")
    for row, total in enumerate(totals):
        if total != totals[0]:
            raise ValueError(
                "Every row must add up to the same number of raters; "
                f"row 1 adds up to {totals[0]:g} and row {row + 1} to {total:g}."
            )
    return array


def _pair(rater_a: Sequence[Hashable], rater_b: Sequence[Hashable]) -> None:
    if len(rater_a) != len(rater_b):
        raise ValueError(
            f"The two raters must rate the same subjects: one gave {len(rater_a)} "
            f"rating{'' if len(rater_a) == 1 else 's'} and the other {len(rater_b)}."
        )
    if not rater_a:
        raise ValueError("There is nothing to compare: both raters gave no ratings.")


# --- Two raters ----------------------------------------------------------------------------
def percent_agreement(rater_a: Sequence[Hashable], rater_b: Sequence[Hashable]) -> float:
    """The percentage (0–100) of subjects on which the two raters gave the same label."""
    _pair(rater_a, rater_b)
    same = sum(1 for a, b in zip(rater_a, rater_b, strict=True) if a == b)
    return 100.0 * same / len(rater_a)


def cohen_kappa(rater_a: Sequence[Hashable], rater_b: Sequence[Hashable]) -> float | None:
    """Cohen's (unweighted) kappa of two raters' labels, one label per subject each.

    The same figure as ``statsmodels.stats.inter_rater.cohens_kappa`` on the two raters'
    contingency table. ``None`` when both raters used one and the same label throughout:
    expected agreement is then 1 and kappa is 0/0 (statsmodels gives ``nan``).
    """
    _pair(rater_a, rater_b)
    n = len(rater_a)
    labels = list(dict.fromkeys([*rater_a, *rater_b]))
    if len(labels) == 1:
        return None
    agreed = sum(1 for a, b in zip(rater_a, rater_b, strict=True) if a == b)
    count_a = {label: 0 for label in labels}
    count_b = dict(count_a)
    for a, b in zip(rater_a, rater_b, strict=True):
        count_a[a] += 1
        count_b[b] += 1
    observed = agreed / n
    expected = sum(count_a[label] * count_b[label] for label in labels) / (n * n)
    return (observed - expected) / (1.0 - expected)


# --- Many raters ---------------------------------------------------------------------------
def fleiss_table(
    ratings: Sequence[Sequence[Hashable]], categories: Sequence[Hashable] | None = None
) -> tuple[list[Hashable], Table]:
    """Per-subject labels (one list per subject, one label per rater) as a count table.

    Returns the categories (``categories`` when given, else in order of first appearance)
    and the subjects × categories counts :func:`fleiss_kappa` takes.
    """
    if not ratings:
        raise ValueError("There is nothing to count: no subjects were rated.")
    cats = list(categories) if categories is not None else []
    if categories is None:
        cats = list(dict.fromkeys(label for subject in ratings for label in subject))
    column = {label: i for i, label in enumerate(cats)}
    table = np.zeros((len(ratings), len(cats)))
    for row, subject in enumerate(ratings):
        for label in subject:
            if label not in column:
                raise ValueError(
                    f"Subject {row + 1} has the label {label!r}, which is not one of the "
                    f"categories ({', '.join(repr(c) for c in cats)})."
                )
            table[row, column[label]] += 1
    return cats, table


def _raters(array: Table) -> int:
    return int(array[0].sum())


def pairwise_percent_agreement(table: object) -> float | None:
    """Fleiss' observed agreement as a percentage: of all pairs of raters on a subject, how
    many gave the same category, averaged over subjects. ``None`` with fewer than two raters.

    With two raters this is plain percentage agreement.
    """
    array = _counts(table)
    n = _raters(array)
    if n < 2:
        return None
    per_subject = ((array * array).sum(axis=1) - n) / (n * (n - 1))
    return 100.0 * float(per_subject.mean())


def unanimous_percent(table: object) -> float | None:
    """The percentage of subjects on which every rater gave the same category; ``None``
    with fewer than two raters."""
    array = _counts(table)
    if _raters(array) < 2:
        return None
    return 100.0 * float((array.max(axis=1) == array.sum(axis=1)).mean())


def fleiss_kappa(table: object) -> float | None:
    """Fleiss' kappa of a subjects × categories count table (every row the same total).

    The same figure as ``statsmodels.stats.inter_rater.fleiss_kappa(table, method="fleiss")``,
    except ``None`` where statsmodels gives ``nan``: when every rating falls in one category
    (everyone gave the same answer) and when there is one rater per subject. Two raters
    give Scott's pi, not Cohen's kappa: use :func:`cohen_kappa` for a pair.
    """
    array = _counts(table)
    n = _raters(array)
    if n < 2 or np.count_nonzero(array.sum(axis=0)) == 1:
        return None
    p_cat = array.sum(axis=0) / array.sum()
    expected = float((p_cat * p_cat).sum())
    observed = float((((array * array).sum(axis=1) - n) / (n * (n - 1))).mean())
    return (observed - expected) / (1.0 - expected)


# --- Words ---------------------------------------------------------------------------------
def landis_koch_band(kappa: float) -> str:
    """Landis & Koch (1977) words for a kappa: poor (below 0), slight (to 0.20), fair (to
    0.40), moderate (to 0.60), substantial (to 0.80), almost perfect (above 0.80)."""
    if kappa < 0:
        return "poor"
    for upper, band in (
        (0.20, "slight"),
        (0.40, "fair"),
        (0.60, "moderate"),
        (0.80, "substantial"),
    ):
        if kappa <= upper:
            return band
    return "almost perfect"


# The words (keys of :mod:`vigkit.i18n.words.session`) for a kappa's kind and band.
_KINDS = {"Cohen's": "session.reveal.cohen", "Fleiss'": "session.reveal.fleiss"}


def meaning_words(figure: AgreementFigure, say: Callable[..., str] | None = None) -> str:
    """One sentence a practitioner can read about an agreement figure, in ``say``'s words
    (:meth:`vigkit.i18n.interface.Interface.say`; default English, which is ``figure.meaning``)."""
    say = say or Interface().say
    raters, subjects, percent, kappa = (
        figure.raters,
        figure.subjects,
        figure.percent_agreement,
        figure.kappa,
    )
    if raters < 2 or percent is None:
        return say("session.agreement.alone")
    pct = f"{percent:.0f}"
    if kappa is None:
        # With two raters or more kappa is missing only when everyone gave the same answer
        # (agreement is then 100%), or for a heading seen on one clip.
        why = "same" if figure.unanimous_percent == 100 else "one_clip"
        return say(f"session.agreement.no_kappa.{why}", percent=pct)
    kind = figure.kappa_kind or ("Cohen's" if raters == 2 else "Fleiss'")
    beyond = (
        say("session.agreement.below_chance")
        if kappa < 0
        else say(
            "session.agreement.beyond_chance",
            band=say("session.agreement.band." + landis_koch_band(kappa).replace(" ", "_")),
        )
    )
    sentence = say(
        "session.agreement.two" if raters == 2 else "session.agreement.pairs",
        percent=pct,
        kind=say(_KINDS[kind]) if kind in _KINDS else kind,
        kappa=f"{kappa:.2f}",
        beyond=beyond,
    )
    if subjects >= SMALL_SAMPLE:
        return say("session.agreement.sentence", sentence=sentence)
    many = "one" if subjects == 1 else "many"
    count = say(f"session.agreement.{figure.unit}s.{many}", count=subjects)
    return say("session.agreement.small_sample", sentence=sentence, count=count)


# --- Calibration reveal --------------------------------------------------------------------
@dataclass(frozen=True)
class AgreementFigure:
    """Agreement among ``raters`` people on ``subjects`` answers, and what it means.

    ``percent_agreement`` is pairwise (see :func:`pairwise_percent_agreement`);
    ``unanimous_percent`` the share of subjects everyone answered alike. ``kappa`` is
    Cohen's for two raters and Fleiss' for more (``kappa_kind``), ``None`` when it cannot
    be computed; ``meaning`` says so in one plain English sentence, which
    :func:`meaning_words` says in another language. ``unit`` is what was answered: a clip
    (for one heading) or a clip-and-heading answer (overall).
    """

    raters: int
    subjects: int
    percent_agreement: float | None
    unanimous_percent: float | None
    kappa: float | None
    kappa_kind: Literal["Cohen's", "Fleiss'"] | None
    meaning: str
    unit: Literal["clip", "answer"] = "clip"


@dataclass(frozen=True)
class HeadingAgreement:
    """One heading: how many members tagged it on each clip, and their agreement."""

    heading: str
    tagged_by: dict[str, int]
    agreement: AgreementFigure


@dataclass(frozen=True)
class CalibrationReveal:
    """Per-heading and overall agreement of a group tagging the same clips."""

    members: tuple[str, ...]
    clips: tuple[str, ...]
    headings: tuple[HeadingAgreement, ...]
    overall: AgreementFigure


def _figure(answers: list[list[bool]], per_heading: bool) -> AgreementFigure:
    """Agreement of raters' yes/no answers: ``answers[subject][rater]``."""
    raters, subjects = len(answers[0]), len(answers)
    _, table = fleiss_table(answers, categories=[True, False])
    percent = pairwise_percent_agreement(table)
    kappa: float | None = None
    # No kappa when everyone gave the same answer (it is 0/0), nor for one heading on one
    # clip (one clip cannot separate agreement from chance).
    same = np.count_nonzero(table.sum(axis=0)) == 1
    if raters >= 2 and not same and not (per_heading and subjects == 1):
        if raters == 2:
            kappa = cohen_kappa([s[0] for s in answers], [s[1] for s in answers])
        else:
            kappa = fleiss_kappa(table)
    kind: Literal["Cohen's", "Fleiss'"] | None = None
    if kappa is not None:
        kind = "Cohen's" if raters == 2 else "Fleiss'"
    unit: Literal["clip", "answer"] = "clip" if per_heading else "answer"
    figure = AgreementFigure(
        raters, subjects, percent, unanimous_percent(table), kappa, kind, "", unit
    )
    return replace(figure, meaning=meaning_words(figure))


def calibration_reveal(
    tags: Mapping[str, Mapping[str, Collection[str]]], headings: Sequence[str]
) -> CalibrationReveal:
    """Agreement of a group that tagged the same clips with principle headings.

    ``tags[member][clip]`` is the set of heading ids the member gave the clip (empty when
    they saw none); every member must have tagged every clip. ``headings`` are all the
    heading ids in use, in the order to report them: a heading nobody tagged counts as
    agreement that it was not there.
    """
    if not tags:
        raise ValueError("Nobody has tagged yet: the reveal needs at least one member's tags.")
    if not headings:
        raise ValueError("There are no headings to compare: pass the heading ids in use.")
    if len(set(headings)) != len(headings):
        twice = next(h for h in headings if list(headings).count(h) > 1)
        raise ValueError(f"The heading {twice!r} is listed twice: list each heading once.")
    members = tuple(tags)
    clips = tuple(dict.fromkeys(clip for member in members for clip in tags[member]))
    if not clips:
        raise ValueError("No clip has been tagged: pick at least one clip.")
    known = set(headings)
    for member in members:
        for clip in clips:
            if clip not in tags[member]:
                raise ValueError(
                    f"{member!r} has not tagged clip {clip!r}: every member tags every clip "
                    "(an empty set means they saw none of the headings), or leave them out."
                )
            for heading in tags[member][clip]:
                if heading not in known:
                    raise ValueError(
                        f"{member!r} tagged clip {clip!r} with {heading!r}, which is not one of "
                        f"the headings ({', '.join(headings)})."
                    )

    def answers(heading: str) -> list[list[bool]]:
        return [[heading in tags[m][clip] for m in members] for clip in clips]

    per_heading = tuple(
        HeadingAgreement(
            heading,
            {clip: sum(heading in tags[m][clip] for m in members) for clip in clips},
            _figure(answers(heading), per_heading=True),
        )
        for heading in headings
    )
    pairs = [row for heading in headings for row in answers(heading)]
    overall = _figure(pairs, per_heading=False)
    return CalibrationReveal(members, clips, per_heading, overall)

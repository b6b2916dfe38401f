"""Scoring predictions against gold, as GUIDELINES.md "Scoring" defines it.

Rules, and the choices the guidelines leave open:

* Matching is one-to-one inside each document, separately for two groups:
  direct+mixed (gold direct/mixed vs predicted direct/mixed) and indirect. A pair
  qualifies when the spans overlap and the overlap is at least half of the longer
  span (``2 * overlap >= longer``). Pairs are taken greedily, largest overlap
  first; ties go to the pair with the smaller union (the closer spans), then to
  text order, so the result never depends on the order predictions come in.
* Indirect quotes count only in documents with ``indirect_annotated``; predicted
  indirect quotes elsewhere are ignored (counted in ``ignored_indirect``).
* ``all`` is the union of the two matchings. ``indirect`` and ``all`` are not
  applicable (all metrics ``None``) when no document annotates indirect quotes.
* Per-kind rows (``direct``, ``mixed``) reuse the direct+mixed matching: recall
  counts gold of that kind, precision counts predictions of that kind; the
  means over matched pairs (attribution, kind accuracy, confidence) take the
  pairs whose *gold* is of that kind.
* Precision, recall and F1 are 0.0 when their denominator is 0. Means over matched
  pairs (attribution, kind accuracy, mean confidence) are ``None`` when there is
  no pair to judge, because 0.0 would read as "all wrong"; AUC is ``None`` unless
  both correct and wrong attributions occur.
* Names are normalised by lower-casing, ``ё``→``е``, turning punctuation into word
  breaks and folding whitespace (so ``Ким Чен-Ын`` and ``Д.Песков`` split into
  words the same way as their spaced spellings).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..errors import InputError
from ..quote import Quote
from .gold import GoldDocument, GoldQuote

GROUPS: tuple[str, ...] = ("direct+mixed", "direct", "mixed", "indirect", "all")
ERROR_TYPES: tuple[str, ...] = ("missed", "spurious", "wrong_speaker", "wrong_kind", "inexact_span")
ErrorType = Literal["missed", "spurious", "wrong_speaker", "wrong_kind", "inexact_span"]
_DIRECT_MIXED = frozenset({"direct", "mixed"})


# --------------------------------------------------------------------------- names


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def normalize_name(name: str) -> str:
    """A speaker name in comparable form: lower case, ``ё``→``е``, no punctuation, single spaces."""
    lowered = name.lower().replace("ё", "е")
    spaced = "".join(" " if _is_punctuation(char) else char for char in lowered)
    return " ".join(spaced.split())


def _name_variants(gold: GoldQuote) -> list[str]:
    names = [gold.speaker] if gold.speaker is not None else []
    names.extend(gold.speaker_aliases)
    return [normalized for normalized in map(normalize_name, names) if normalized]


def speaker_correct(gold: GoldQuote, predicted: Quote, *, lenient: bool = False) -> bool:
    """Whether the predicted speaker counts as the gold speaker (strict or lenient).

    Gold ``null`` is right only for a prediction without a speaker; a missing
    prediction for a named gold speaker is wrong. Strict wants the whole name (or
    an alias); lenient also takes a name whose words are a subset of the gold
    name's words, or the reverse.
    """
    if gold.speaker is None:
        return predicted.speaker is None
    if predicted.speaker is None:
        return False
    guess = normalize_name(predicted.speaker.name)
    if not guess:
        return False
    variants = _name_variants(gold)
    if guess in variants:
        return True
    if not lenient:
        return False
    guess_words = set(guess.split())
    for variant in variants:
        words = set(variant.split())
        if guess_words <= words or words <= guess_words:
            return True
    return False


# --------------------------------------------------------------------------- spans


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace and punctuation at either end, for the ``exact`` comparison."""
    while start < end and (text[start].isspace() or _is_punctuation(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _is_punctuation(text[end - 1])):
        end -= 1
    return start, end


def span_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters two half-open spans share (0 when they do not overlap)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def spans_match(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """The matching rule: overlapping, and the overlap covers at least half of the longer span."""
    overlap = span_overlap(a_start, a_end, b_start, b_end)
    return overlap > 0 and 2 * overlap >= max(a_end - a_start, b_end - b_start)


# --------------------------------------------------------------------------- records


@attrs.frozen
class ErrorRecord:
    """One thing to look at in a document: a missed or spurious quote, or a flaw of a match."""

    doc_id: str
    type: ErrorType = attrs.field(validator=attrs.validators.in_(ERROR_TYPES))
    gold: GoldQuote | None
    predicted: Quote | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "type": self.type,
            "gold": self.gold.to_dict() if self.gold else None,
            "predicted": self.predicted.to_dict() if self.predicted else None,
        }


@attrs.frozen
class Match:
    """A matched gold/predicted pair and what was judged about it."""

    doc_id: str
    group: Literal["direct+mixed", "indirect"]
    gold: GoldQuote
    predicted: Quote
    overlap: int
    exact: bool
    kind_correct: bool
    strict: bool
    lenient: bool


@attrs.frozen
class Counts:
    """The raw counts behind one report row; every metric is a ratio of these."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0  # gold quotes of the row that found a partner (recall numerator)
    matched_predicted: int = 0  # predictions of the row that found a partner (precision numerator)
    exact_gold: int = 0
    exact_predicted: int = 0
    correct_gold: int = 0  # matched and strict-correct, counted on the gold side (e2e TP for R)
    correct_predicted: int = 0  # same, counted on the predicted side (e2e TP for P)
    judged: int = 0  # matched pairs whose gold is in the row: denominator of the means
    strict: int = 0
    lenient: int = 0
    kind_judged: int = 0
    kind_correct: int = 0

    @property
    def tp(self) -> int:
        """Detection true positives, gold side (the predicted side differs on per-kind rows)."""
        return self.matched_gold

    @property
    def fp(self) -> int:
        return self.predicted - self.matched_predicted

    @property
    def fn(self) -> int:
        return self.gold - self.matched_gold


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _mean_or_none(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def roc_auc(scores_positive: Sequence[float], scores_negative: Sequence[float]) -> float | None:
    """P(a positive outranks a negative), ties counting half; ``None`` if a class is empty."""
    if not scores_positive or not scores_negative:
        return None
    labelled = sorted(
        [(score, 1) for score in scores_positive] + [(score, 0) for score in scores_negative]
    )
    rank_sum = 0.0
    index = 0
    while index < len(labelled):
        tie_end = index
        while tie_end + 1 < len(labelled) and labelled[tie_end + 1][0] == labelled[index][0]:
            tie_end += 1
        average_rank = (index + tie_end) / 2 + 1  # ranks are 1-based
        rank_sum += average_rank * sum(label for _, label in labelled[index : tie_end + 1])
        index = tie_end + 1
    n_pos, n_neg = len(scores_positive), len(scores_negative)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


@attrs.frozen
class GroupScores:
    """One report row: counts plus the confidences of its judged pairs; metrics derive from them."""

    name: str
    counts: Counts
    confidences_correct: tuple[float, ...] = ()
    confidences_wrong: tuple[float, ...] = ()
    applicable: bool = True
    has_kind: bool = True  # kind accuracy means something only where kinds can disagree

    def _detection(self, value: float) -> float | None:
        return value if self.applicable else None

    @property
    def precision(self) -> float | None:
        return self._detection(_ratio(self.counts.matched_predicted, self.counts.predicted))

    @property
    def recall(self) -> float | None:
        return self._detection(_ratio(self.counts.matched_gold, self.counts.gold))

    @property
    def f1(self) -> float | None:
        return self._detection(_f1(self.precision or 0.0, self.recall or 0.0))

    @property
    def exact_precision(self) -> float | None:
        return self._detection(_ratio(self.counts.exact_predicted, self.counts.predicted))

    @property
    def exact_recall(self) -> float | None:
        return self._detection(_ratio(self.counts.exact_gold, self.counts.gold))

    @property
    def exact_f1(self) -> float | None:
        return self._detection(_f1(self.exact_precision or 0.0, self.exact_recall or 0.0))

    @property
    def kind_accuracy(self) -> float | None:
        if not (self.applicable and self.has_kind):
            return None
        return _mean_or_none(self.counts.kind_correct, self.counts.kind_judged)

    @property
    def attribution_strict(self) -> float | None:
        return _mean_or_none(self.counts.strict, self.counts.judged) if self.applicable else None

    @property
    def attribution_lenient(self) -> float | None:
        return _mean_or_none(self.counts.lenient, self.counts.judged) if self.applicable else None

    @property
    def e2e_precision(self) -> float | None:
        return self._detection(_ratio(self.counts.correct_predicted, self.counts.predicted))

    @property
    def e2e_recall(self) -> float | None:
        return self._detection(_ratio(self.counts.correct_gold, self.counts.gold))

    @property
    def e2e_f1(self) -> float | None:
        return self._detection(_f1(self.e2e_precision or 0.0, self.e2e_recall or 0.0))

    @property
    def auc(self) -> float | None:
        """ROC AUC of ``Quote.confidence`` for strict-correct vs wrong attributions."""
        if not self.applicable:
            return None
        return roc_auc(self.confidences_correct, self.confidences_wrong)

    @property
    def mean_confidence_correct(self) -> float | None:
        values = self.confidences_correct
        return sum(values) / len(values) if self.applicable and values else None

    @property
    def mean_confidence_wrong(self) -> float | None:
        values = self.confidences_wrong
        return sum(values) / len(values) if self.applicable and values else None

    def metrics(self) -> dict[str, float | None]:
        """All metrics of the row by name, in report order."""
        return {name: getattr(self, name) for name in METRICS}


METRICS: tuple[str, ...] = (
    "precision",
    "recall",
    "f1",
    "exact_precision",
    "exact_recall",
    "exact_f1",
    "kind_accuracy",
    "attribution_strict",
    "attribution_lenient",
    "e2e_precision",
    "e2e_recall",
    "e2e_f1",
    "auc",
    "mean_confidence_correct",
    "mean_confidence_wrong",
)


@attrs.frozen
class Scores:
    """Everything ``score`` found: one row per group, the matches, and the errors to inspect."""

    groups: dict[str, GroupScores]
    matches: tuple[Match, ...]
    errors: tuple[ErrorRecord, ...]
    n_documents: int
    n_indirect_documents: int
    ignored_indirect: int = 0  # predicted indirect quotes in documents without indirect gold
    unknown_doc_ids: tuple[str, ...] = ()  # predictions for ids that are not in the gold

    def __getitem__(self, group: str) -> GroupScores:
        return self.groups[group]

    def errors_of(self, doc_id: str) -> list[ErrorRecord]:
        """The error records of one document."""
        return [error for error in self.errors if error.doc_id == doc_id]


# --------------------------------------------------------------------------- matching


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of span lists; returns ``(gold index, predicted index)`` pairs.

    Candidates are the pairs that pass ``spans_match``; the largest overlap goes
    first, then the smaller union, then the earlier gold and predicted spans.
    """
    candidates = []
    for g_index, (g_start, g_end) in enumerate(gold):
        for p_index, (p_start, p_end) in enumerate(predicted):
            if spans_match(g_start, g_end, p_start, p_end):
                overlap = span_overlap(g_start, g_end, p_start, p_end)
                union = max(g_end, p_end) - min(g_start, p_start)
                key = (-overlap, union, g_start, g_end, p_start, p_end, g_index, p_index)
                candidates.append((key, g_index, p_index))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g_index, p_index in candidates:
        if g_index in used_gold or p_index in used_predicted:
            continue
        used_gold.add(g_index)
        used_predicted.add(p_index)
        pairs.append((g_index, p_index))
    pairs.sort()
    return pairs


def _check_prediction(document: GoldDocument, quote: Quote) -> None:
    """Predictions made on another version of the text would score as noise: refuse them."""
    if quote.end > len(document.text):
        raise InputError(
            f"document {document.id!r}: predicted quote {quote.start}:{quote.end} runs past "
            f"the end of the text ({len(document.text)} characters)"
        )
    if document.text[quote.start : quote.end] != quote.text:
        raise InputError(
            f"document {document.id!r}: predicted quote {quote.start}:{quote.end} says "
            f"{quote.text[:40]!r} but the gold text there is "
            f"{document.text[quote.start : quote.end][:40]!r}; were they run on the same text?"
        )


def _match_group(
    document: GoldDocument,
    group: Literal["direct+mixed", "indirect"],
    gold: list[GoldQuote],
    predicted: list[Quote],
    matches: list[Match],
    errors: list[ErrorRecord],
) -> None:
    """Match one group of one document, appending its matches and errors."""
    pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in predicted])
    matched_gold = {g_index for g_index, _ in pairs}
    matched_predicted = {p_index for _, p_index in pairs}
    for g_index, p_index in pairs:
        g, p = gold[g_index], predicted[p_index]
        exact = trimmed_span(document.text, g.start, g.end) == trimmed_span(
            document.text, p.start, p.end
        )
        match = Match(
            doc_id=document.id,
            group=group,
            gold=g,
            predicted=p,
            overlap=span_overlap(g.start, g.end, p.start, p.end),
            exact=exact,
            kind_correct=g.kind == p.kind,
            strict=speaker_correct(g, p),
            lenient=speaker_correct(g, p, lenient=True),
        )
        matches.append(match)
        if not match.strict:
            errors.append(ErrorRecord(document.id, "wrong_speaker", g, p))
        if not match.kind_correct:
            errors.append(ErrorRecord(document.id, "wrong_kind", g, p))
        if not exact:
            errors.append(ErrorRecord(document.id, "inexact_span", g, p))
    for g_index, g in enumerate(gold):
        if g_index not in matched_gold:
            errors.append(ErrorRecord(document.id, "missed", g, None))
    for p_index, p in enumerate(predicted):
        if p_index not in matched_predicted:
            errors.append(ErrorRecord(document.id, "spurious", None, p))


def _by_position(quotes: Iterable[Any]) -> list[Any]:
    return sorted(quotes, key=lambda quote: (quote.start, quote.end, quote.kind))


def _row(
    name: str,
    gold: list[GoldQuote],
    predicted: list[Quote],
    matches: list[Match],
    gold_in: Callable[[GoldQuote], bool],
    predicted_in: Callable[[Quote], bool],
    *,
    applicable: bool = True,
    has_kind: bool = True,
) -> GroupScores:
    """Count one row from the pooled quotes and matches of its matching(s)."""
    gold_side = [m for m in matches if gold_in(m.gold)]
    predicted_side = [m for m in matches if predicted_in(m.predicted)]
    counts = Counts(
        gold=sum(1 for g in gold if gold_in(g)),
        predicted=sum(1 for p in predicted if predicted_in(p)),
        matched_gold=len(gold_side),
        matched_predicted=len(predicted_side),
        exact_gold=sum(m.exact for m in gold_side),
        exact_predicted=sum(m.exact for m in predicted_side),
        correct_gold=sum(m.strict for m in gold_side),
        correct_predicted=sum(m.strict for m in predicted_side),
        judged=len(gold_side),
        strict=sum(m.strict for m in gold_side),
        lenient=sum(m.lenient for m in gold_side),
        kind_judged=len(gold_side) if has_kind else 0,
        kind_correct=sum(m.kind_correct for m in gold_side) if has_kind else 0,
    )
    return GroupScores(
        name=name,
        counts=counts,
        confidences_correct=tuple(m.predicted.confidence for m in gold_side if m.strict),
        confidences_wrong=tuple(m.predicted.confidence for m in gold_side if not m.strict),
        applicable=applicable,
        has_kind=has_kind,
    )


def score(gold: Sequence[GoldDocument], predicted: Mapping[str, Sequence[Quote]]) -> Scores:
    """Score predicted quotes (by document id) against gold documents.

    A gold document without an entry in ``predicted`` counts as predicting
    nothing; predictions for ids not in the gold are ignored and listed in
    ``Scores.unknown_doc_ids``. Raises ``InputError`` on duplicate gold ids and on
    predictions whose offsets do not fit the gold text.
    """
    seen_ids: set[str] = set()
    dm_gold: list[GoldQuote] = []
    dm_predicted: list[Quote] = []
    ind_gold: list[GoldQuote] = []
    ind_predicted: list[Quote] = []
    dm_matches: list[Match] = []
    ind_matches: list[Match] = []
    errors: list[ErrorRecord] = []
    ignored_indirect = 0
    n_indirect_documents = 0
    for document in gold:
        if document.id in seen_ids:
            raise InputError(f"duplicate gold document id {document.id!r}")
        seen_ids.add(document.id)
        quotes = list(predicted.get(document.id, ()))
        for quote in quotes:
            _check_prediction(document, quote)
        doc_errors: list[ErrorRecord] = []

        gold_dm = _by_position(q for q in document.quotes if q.kind in _DIRECT_MIXED)
        pred_dm = _by_position(q for q in quotes if q.kind in _DIRECT_MIXED)
        dm_gold += gold_dm
        dm_predicted += pred_dm
        _match_group(document, "direct+mixed", gold_dm, pred_dm, dm_matches, doc_errors)

        pred_ind = _by_position(q for q in quotes if q.kind == "indirect")
        if document.indirect_annotated:
            n_indirect_documents += 1
            gold_ind = _by_position(q for q in document.quotes if q.kind == "indirect")
            ind_gold += gold_ind
            ind_predicted += pred_ind
            _match_group(document, "indirect", gold_ind, pred_ind, ind_matches, doc_errors)
        else:
            ignored_indirect += len(pred_ind)

        doc_errors.sort(
            key=lambda e: (
                ERROR_TYPES.index(e.type),
                (e.gold or e.predicted).start,  # type: ignore[union-attr]
                (e.gold or e.predicted).end,  # type: ignore[union-attr]
            )
        )
        errors += doc_errors

    any_indirect = n_indirect_documents > 0
    everything = lambda quote: True
    groups = [
        _row("direct+mixed", dm_gold, dm_predicted, dm_matches, everything, everything),
        _row(
            "direct",
            dm_gold,
            dm_predicted,
            dm_matches,
            lambda q: q.kind == "direct",
            lambda q: q.kind == "direct",
        ),
        _row(
            "mixed",
            dm_gold,
            dm_predicted,
            dm_matches,
            lambda q: q.kind == "mixed",
            lambda q: q.kind == "mixed",
        ),
        _row(
            "indirect",
            ind_gold,
            ind_predicted,
            ind_matches,
            everything,
            everything,
            applicable=any_indirect,
            has_kind=False,
        ),
        _row(
            "all",
            dm_gold + ind_gold,
            dm_predicted + ind_predicted,
            dm_matches + ind_matches,
            everything,
            everything,
            applicable=any_indirect,
            has_kind=False,
        ),
    ]
    doc_order = {document.id: index for index, document in enumerate(gold)}
    all_matches = sorted(
        dm_matches + ind_matches,
        key=lambda m: (doc_order[m.doc_id], m.gold.start, m.gold.end, m.group),
    )
    return Scores(
        groups={row.name: row for row in groups},
        matches=tuple(all_matches),
        errors=tuple(errors),
        n_documents=len(gold),
        n_indirect_documents=n_indirect_documents,
        ignored_indirect=ignored_indirect,
        unknown_doc_ids=tuple(sorted(set(predicted) - seen_ids)),
    )

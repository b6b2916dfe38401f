"""Scoring quotemine output against gold files (GUIDELINES.md): read gold, score, report."""

from .gold import GoldDocument, GoldQuote, read_gold
from .report import format_errors, format_scores, scores_to_dict
from .scoring import (
    ERROR_TYPES,
    GROUPS,
    Counts,
    ErrorRecord,
    GroupScores,
    Match,
    Scores,
    normalize_name,
    score,
    speaker_correct,
)

__all__ = [
    "ERROR_TYPES",
    "GROUPS",
    "Counts",
    "ErrorRecord",
    "GoldDocument",
    "GoldQuote",
    "GroupScores",
    "Match",
    "Scores",
    "format_errors",
    "format_scores",
    "normalize_name",
    "read_gold",
    "score",
    "scores_to_dict",
    "speaker_correct",
]

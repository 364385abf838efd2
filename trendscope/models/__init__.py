"""Faust records: one per topic payload. Every record carries a ``schema_version``."""

from trendscope.models.dead_letter import DeadLetter
from trendscope.models.movies import MovieSnapshot
from trendscope.models.predictions import ForecastDrift, Prediction
from trendscope.models.reddit import Mention, RedditComment, RedditSubmission, WatermarkMarker
from trendscope.models.trends import WindowResult

__all__ = [
    "DeadLetter",
    "ForecastDrift",
    "Mention",
    "MovieSnapshot",
    "Prediction",
    "RedditComment",
    "RedditSubmission",
    "WatermarkMarker",
    "WindowResult",
]

"""TrendScope: a real-time movie-trend engine on Faust."""

__version__ = "0.1.0"

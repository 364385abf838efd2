"""TMDB: parsing API responses into MovieSnapshots, and the live poller."""

"""Faust web views (read-only); ``trendscope.app`` imports ``views`` to register them."""

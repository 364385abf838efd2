"""Faust agents: thin wiring of topics, tables and the pure logic.

Importing a module here registers its agents on the app; ``trendscope.app`` imports them.
"""

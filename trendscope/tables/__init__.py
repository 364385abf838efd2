"""Faust tables (RocksDB + changelog topics)."""

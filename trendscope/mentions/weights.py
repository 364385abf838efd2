"""Learned accept/reject weights (written by ``bench/mentions_eval.py --train``)."""

from trendscope.mentions.features import NAMES

WEIGHTS = {"names": list(NAMES), "weights": [0.0] * len(NAMES), "threshold": 0.5}

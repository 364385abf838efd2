import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from trendscope.mentions.sentiment import BUDGET, Sentiment

sentiment = Sentiment()
vader = SentimentIntensityAnalyzer()


def test_scores_equal_vader_exactly_within_budget(comments_csv):
    import csv
    import gzip

    with gzip.open(comments_csv, "rt", newline="") as handle:
        bodies = [row["body"] for row in csv.DictReader(handle)][:3000]
    within = [b for b in bodies if sentiment.effective_length(b) <= BUDGET]
    assert len(within) > 0.99 * len(bodies)
    assert [sentiment.compound(b) for b in within] == [vader.polarity_scores(b)["compound"] for b in within]


@pytest.mark.parametrize("text", ["This movie was GREAT!!! :)", "Worst sequel ever 😡", "", "meh"])
def test_short_texts_are_untouched(text):
    assert sentiment.bounded(text) == text
    assert sentiment.compound(text) == vader.polarity_scores(text)["compound"]


@pytest.mark.parametrize("text", ["😀" * 2000, "great movie " * 2000, "😀🎬" * 1500, "a " * 50_000])
def test_hostile_texts_are_bounded(text):
    bounded = sentiment.bounded(text)
    assert sentiment.effective_length(bounded) <= BUDGET
    assert text.startswith(bounded[:10])


def test_emoji_runs_keep_their_sign():
    assert sentiment.compound("😀" * 2000) > 0
    assert sentiment.compound("😢" * 2000) < 0


@pytest.mark.parametrize("text", [
    "not good", "It is not good at all", "I was never so happy", "never this bad",
    "this is without doubt bad",
    "the plot was kind of good", "it is the bomb", "yeah right, that was a great movie", "least good movie",
    "Honestly the movie is not so great but the cast is kind of amazing and never this boring, "
    "cut the cheese",
])
def test_windowed_vader_scores_like_vader(text):
    from trendscope.mentions.sentiment import WindowedVader

    assert WindowedVader().polarity_scores(text) == vader.polarity_scores(text)

import asyncio

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from trendscope.mentions.enrich import enrich, mention_records, sentences
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.live import LiveExtractor, catalog_signature
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import RedditComment

CATALOG = [
    {"id": 346698, "title": "Barbie", "release_date": "2023-07-19", "popularity": 300.0, "vote_count": 8000},
    {"id": 872585, "title": "Oppenheimer", "release_date": "2023-07-19", "popularity": 250.0,
     "vote_count": 9000},
    {"id": 603692, "title": "John Wick: Chapter 4", "release_date": "2023-03-22", "popularity": 90.0,
     "vote_count": 5000},
]
vader = SentimentIntensityAnalyzer()


def test_each_mention_gets_the_sentiment_of_its_sentence():
    text = "I loved the movie Oppenheimer, truly great. JW4 was a boring mess."
    result = enrich(text, None, 1_690_000_000, MentionExtractor(CATALOG), Sentiment())
    by_movie = dict(zip([m.movie_id for m in result.found], result.mention_sentiments, strict=True))
    first, second = (text[s:e] for s, e in sentences(text))
    assert by_movie[872585] == vader.polarity_scores(first)["compound"] > 0
    assert by_movie[603692] == vader.polarity_scores(second)["compound"] < 0
    assert result.sentiment == vader.polarity_scores(text)["compound"]


def test_mention_records_carry_the_comment_id_and_its_event_time():
    comment = RedditComment(id="c1", subreddit="movies", body="Watched JW4 in IMAX, fantastic.",
                            created_utc=1_690_000_123.0)
    result = enrich(comment.body, None, comment.created_utc, MentionExtractor(CATALOG), Sentiment())
    [record] = mention_records(comment, result)
    assert (record.comment_id, record.movie_id, record.created_utc) == ("c1", 603692, 1_690_000_123.0)
    assert comment.body[record.start:record.end] == record.matched


def test_live_extractor_rebuilds_only_on_change_and_threads_give_the_same_result():
    async def scenario():
        live = LiveExtractor(seed=CATALOG[:1], executor_threshold=2)
        text = "Watched JW4 yesterday, great movie."
        assert (await live.enrich_all([(text, None, None)]))[0].found == []
        assert await live.refresh(CATALOG) is True
        assert await live.refresh(list(reversed(CATALOG))) is False, "order does not matter"
        inline = await live.enrich_all([(text, None, None)])
        threaded = await live.enrich_all([(text, None, None)] * 3)
        assert [m.movie_id for m in inline[0].found] == [603692]
        assert all(t.found == inline[0].found for t in threaded)

    asyncio.run(scenario())


def test_signature_sees_title_changes():
    renamed = [dict(CATALOG[0], title="Barbie (2023)")]
    assert catalog_signature(renamed) != catalog_signature(CATALOG[:1])

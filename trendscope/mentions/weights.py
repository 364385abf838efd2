"""Learned accept/reject weights (written by ``bench/mentions_eval.py --train``: logistic
regression fitted on all 400 dev-set comments; see ``training.fit``)."""

WEIGHTS = {'names': ['bias', 'kind_title', 'kind_no_article', 'kind_main', 'kind_subtitle', 'kind_numbered',
           'kind_ordinal', 'kind_initialism', 'kind_manual', 'kind_relative', 'one_word',
           'long_alias', 'has_digit', 'commonness_word', 'commonness_phrase', 'lower_commonness',
           'title_case', 'all_lower', 'all_caps', 'exact_case', 'sentence_start', 'quoted',
           'the_x_movie', 'a_x_movie', 'movie_after', 'film_noun_after', 'franchise_after',
           'media_after', 'number_after', 'a_before', 'the_before', 'possessive', 'first_before',
           'next_before', 'team_before', 'compare_before', 'place_before', 'cue_near', 'year_near',
           'name_beside', 'human_verb_after', 'copula_after', 'plural_after', 'pronoun_after',
           'listed_with_film', 'thread_film', 'thread_franchise', 'future', 'recent', 'age',
           'log_votes', 'ambiguous', 'other_films', 'repeated', 'short_comment'],
 'weights': [1.6197, -2.3388, -2.4307, -0.1012, 1.2101, 0.0649, 0.2125, 0.8426, 1.2469, 1.2938,
             1.2502, 1.9937, 1.9118, -4.4925, -0.1515, -0.1494, -0.502, 0.6683, 0.6662, 1.1815,
             -1.2599, 2.4415, 4.129, -3.2434, -0.3736, 0.7371, -3.1912, -4.5058, -2.3835, 0.2477,
             -0.8175, -0.8055, 1.4865, -0.7994, -2.4668, 1.3861, 1.3991, 1.2131, 0.6931, -3.1502,
             -1.2047, 0.5764, 0.1838, -1.5242, 1.9183, -1.8548, -1.1215, 0.9977, 1.6432, -1.0802,
             -0.1221, -1.0727, -0.1409, -0.4946, 0.6313],
 'threshold': 0.5}

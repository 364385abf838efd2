"""Learned accept/reject weights (written by ``bench/mentions_eval.py --train``: logistic
regression fitted on all 400 dev-set comments; see ``training.fit``)."""

WEIGHTS = {'names': ['bias', 'kind_no_article', 'kind_main', 'kind_subtitle', 'kind_numbered', 'kind_ordinal',
           'kind_initialism', 'kind_manual', 'kind_relative', 'one_word', 'long_alias', 'has_digit',
           'commonness_word', 'commonness_phrase', 'lower_commonness', 'title_case', 'all_lower',
           'all_caps', 'exact_case', 'sentence_start', 'quoted', 'the_x_movie', 'a_x_movie',
           'movie_after', 'film_noun_after', 'franchise_after', 'media_after', 'number_after',
           'a_before', 'the_before', 'possessive', 'first_before', 'next_before', 'team_before',
           'compare_before', 'place_before', 'cue_near', 'year_near', 'name_beside',
           'human_verb_after', 'copula_after', 'plural_after', 'pronoun_after', 'listed_with_film',
           'thread_film', 'thread_franchise', 'future', 'recent', 'age', 'log_votes', 'other_films',
           'repeated', 'short_comment'],
 'weights': [-0.4968, -0.4224, 1.3041, 3.0714, 0.2168, 0.5243, 1.5023, 2.1836, 2.235, 1.3849,
             1.9467, 2.4936, -5.1188, -0.2804, -0.0934, -0.2572, 0.6259, 1.0858, 0.9284, -1.5159,
             2.8906, 4.0185, -3.2357, -0.4232, 0.6775, -3.2532, -4.4199, -2.3497, 0.3275, -0.7154,
             -0.8357, 1.6029, -0.7038, -2.3006, 1.3599, 1.3088, 1.1383, 0.6787, -3.2112, -1.3083,
             0.5789, 0.0639, -1.3511, 1.8066, -1.8061, -0.9562, 1.2691, 1.5913, -1.153, -0.1338,
             -0.1076, -0.5642, 0.6206],
 'threshold': 0.5}

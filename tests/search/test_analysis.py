"""The Python half of the analysis contract: folding, Swedish stemming, word splitting."""
from snowballstemmer import stemmer

from search import analysis


class AnalysisTests:
    def test_swedish_letters_fold_to_ascii_after_lowercasing(self):
        assert analysis.analyse("Åre Överkalix ÄLVDAL") == ["are", "overkalix", "alvdal"]

    def test_letters_without_a_unicode_decomposition_fold_like_elasticsearch(self):
        assert [analysis.fold(w) for w in ["Đuoddji", "Strasse", "Straße", "Øre", "Æble", "Ŋ"]] == [
            "duoddji", "strasse", "strasse", "ore", "aeble", "n"]

    def test_inflections_of_snickare_share_a_stem_but_snickeri_does_not(self):
        stems = {word: analysis.analyse(word)[0] for word in ["snickare", "Snickarna", "snickaren", "snickeri"]}
        assert stems["snickare"] == stems["Snickarna"] == stems["snickaren"]
        assert stems["snickeri"] != stems["snickare"]

    def test_the_stemmer_is_the_one_elasticsearch_8_ships_not_snowball_3(self):
        # Snowball 3 (2025) strips "-et"; Lucene 9 / Elasticsearch 8 keep it. Parity needs the latter.
        assert stemmer("swedish").stemWord("foretaget") == "foretag"
        assert analysis.analyse("företaget") == ["foretaget"]
        assert analysis.analyse("företagets") == ["foretaget"]

    def test_words_are_runs_of_letters_and_digits(self):
        assert analysis.words("IT-konsult, AB:s 3D-utskrift e_post") == [
            "IT", "konsult", "AB", "s", "3D", "utskrift", "e", "post"]

    def test_decomposed_input_is_composed_before_splitting(self):
        assert analysis.words("A\u030are") == ["Åre"]

    def test_query_terms_are_distinct_and_in_typed_order(self):
        assert analysis.query_terms("Snickarna snickare kök") == ["snick", "kok"]

    def test_suggest_prefixes_are_folded_unstemmed_and_cut_to_the_indexed_length(self):
        assert analysis.suggest_prefixes("Fjäll Snickarna") == ["fjall", "snickarna"]
        assert analysis.suggest_prefixes("a" * 30) == ["a" * analysis.SUGGEST_MAX_PREFIX]

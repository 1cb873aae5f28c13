"""Text analysis shared by both backends: the Python twin of the Elasticsearch analyzers.

The contract (enforced by tests/search/test_parity.py against a real search server):

    NFC  ->  words = runs of Unicode letters and digits  ->  lowercase  ->  ASCII folding
         ->  Swedish Snowball stemmer (the pre-2025 algorithm Lucene 9 / Elasticsearch 8 ship)

`ELASTICSEARCH_ANALYSIS` in backends/elasticsearch.py builds the same chain from Elasticsearch's
own components: a `pattern` tokenizer matching `[\\p{L}\\p{N}]+` (group 0, so the pattern names
the tokens rather than the separators), `lowercase`, `asciifolding`, `stemmer` (swedish).
"""
import re
import unicodedata
from functools import lru_cache

from snowballstemmer.swedish_stemmer import SwedishStemmer

# Bump when the analysis chain changes: every stored document becomes stale (reconcile repairs).
ANALYSIS_VERSION = 1

# Runs of letters and digits (\p{L}\p{N}); Python's \w is exactly that plus "_".
_WORD_RE = re.compile(r"[^\W_]+")

# Letters that Lucene's ASCIIFoldingFilter folds but Unicode decomposition does not
# (Nordic, Sami and a few other Latin letters). Everything else with a diacritic is handled
# by NFKD + dropping combining marks. Lower case only: folding runs after lowercasing.
_FOLD_TABLE = str.maketrans({
    "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ŋ": "n", "ŧ": "t", "ħ": "h", "ı": "i", "ĸ": "q", "ſ": "s", "ŀ": "l", "ƀ": "b",
    "ǥ": "g", "ʒ": "z", "ǯ": "z",
})

# Longest prefix (in characters) the suggest field indexes; longer typed words are cut to it
# in both backends (Elasticsearch: edge_ngram max_gram and a truncate filter).
SUGGEST_MAX_PREFIX = 20


class _Lucene9SwedishStemmer(SwedishStemmer):
    """Snowball's Swedish algorithm as Lucene 9 (Elasticsearch 8) and osmem ship it.

    Snowball 3.0 (2025, snowballstemmer>=3) added removal of "-et"/"-ets" behind a new
    `et_condition` (snowballstem/snowball#215): "företaget" -> "foretag" where Elasticsearch 8
    keeps "foretaget". Refusing that condition restores the earlier algorithm exactly: the
    "-et" branch then removes nothing, and "-ets" falls through to the ordinary "-s" rule.
    The other 3.0 change (-öst -> -ös) cannot fire because ASCII folding runs first.
    """

    def _SwedishStemmer__r_et_condition(self):  # overrides the name-mangled private routine
        return False


_stemmer = _Lucene9SwedishStemmer()


def normalize(text: str) -> str:
    """Compose characters (NFC) so "å" typed as a + ring is one letter, as Elasticsearch sees it."""
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """Split into runs of letters and digits, like the `pattern` tokenizer in Elasticsearch."""
    return _WORD_RE.findall(normalize(text))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, then fold to ASCII: "Åre" -> "are", "Överkalix" -> "overkalix", "ß" -> "ss"."""
    lowered = "".join(ch.lower() for ch in word)  # per character, like Lucene (no final sigma)
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD_TABLE)


@lru_cache(maxsize=65536)
def stem(folded_word: str) -> str:
    return _stemmer.stemWord(folded_word)


def analyse(text: str) -> list[str]:
    """The indexed terms of a text, in order (duplicates kept)."""
    return [stem(fold(word)) for word in words(text)]


def query_terms(text: str) -> list[str]:
    """The distinct analysed terms of a query, in the order typed. Every one must match."""
    return list(dict.fromkeys(analyse(text)))


def suggest_words(text: str) -> list[str]:
    """Folded, unstemmed words of a name: what autocomplete prefixes are matched against."""
    return [fold(word) for word in words(text)]


def suggest_prefixes(prefix: str) -> list[str]:
    """The typed words of an autocomplete prefix, folded and cut to SUGGEST_MAX_PREFIX."""
    return list(dict.fromkeys(fold(word)[:SUGGEST_MAX_PREFIX] for word in words(prefix)))


def sort_key(label: str) -> str:
    """Case- and accent-insensitive ordering key for labels (suggestions)."""
    return " ".join(suggest_words(label))

"""Occupation (SSYK 2012, 4-digit) and skill (JobTech) suggestions for a need written in a company's own words.

Method, per occupation group: the need text is embedded as a query and compared with
  * one passage per group: its Swedish name, JobTech definition and every JobTech occupation title
    under it ("Applikationsutvecklare", "Backend-utvecklare", ...), and
  * each of those occupation titles on its own (the best title counts), because a short need usually
    names one trade and a single title then matches far better than the long group text;
and with a lexical similarity: TF-IDF cosine over character 5-grams of the group's name and titles,
so Swedish compounds meet their parts ("snickare" / "inredningssnickare", "kassasystemet" / "systemutveckling").
The semantic scores are standardised over all groups before the lexical part is added, so the weights mean the
same for every text. Skills are ranked the same way against JobTech skill labels.

Reference embeddings come from ``semantic.cache`` (computed once per model and data, kept under
``SEMANTIC_CACHE_DIR``); the model is loaded on the first suggestion, never at import time.
"""

from __future__ import annotations

import csv
import functools
import logging
import math
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.utils.translation import gettext

import semantic
from search.analysis import fold, normalize, words
from semantic.cache import embed_passages_cached

DATA_DIR = Path(__file__).resolve().parent / "data"

# Weights fixed from the method's logic, not fitted to the evaluation set: titles and the group
# passage count equally; an identical lexical profile (cosine 1) is worth two standard deviations of
# semantic score. docs/benchmarks.md gives the figures of each part alone.
TITLE_WEIGHT = 0.5
GROUP_WEIGHT = 0.5
LEXICAL_WEIGHT = 2.0
SKILL_LEXICAL_WEIGHT = 1.5
DEFINITION_CHARS = 300
NGRAM = 5  # about a Swedish word root; shorter grams match across unrelated words

# Words of need texts that say nothing about the trade.
_STOP_WORDS = frozenset(
    fold(w) for w in (
        "vi behöver någon några person personer som kan har och att för till med på i av en ett det den de "
        "vår våra vårt oss hjälp hjälpa jobba arbeta arbete företag företaget anställa anställd anställning "
        "rekrytera kompetens utbilda utbildning lära nya ny mer fler också eller inte bara vill ska skulle "
        "hos inom från om efter under sommar sommaren säsong heltid deltid behov kunna"
    ).split()
)


@dataclass(frozen=True)
class OccupationSuggestion:
    code: str  # SSYK 2012, 4 digits
    name: str  # Swedish group name
    score: float  # higher is better; comparable within one call
    reason: str  # one Swedish line


@dataclass(frozen=True)
class SkillSuggestion:
    concept_id: str  # JobTech taxonomy concept id
    label: str  # Swedish label
    score: float


@dataclass
class _Group:
    code: str
    name: str
    definition: str
    titles: list[str]


class _LexicalIndex:
    """TF-IDF cosine over character 5-grams of the words (folded, stop words dropped).

    Swedish writes compounds as one word, so whole-word overlap misses "snickare" against
    "inredningssnickare" and "kassasystemet" against "systemutvecklare"; shared 5-grams catch them,
    weighted by how rare the 5-gram is among the documents.
    """

    def __init__(self, documents: list[str]):
        self.n = len(documents)
        counts = [_ngram_counts(text) for text in documents]
        df: dict[str, int] = defaultdict(int)
        for grams in counts:
            for gram in grams:
                df[gram] += 1
        self.idf = {gram: math.log(1 + self.n / d) for gram, d in df.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, grams in enumerate(counts):
            weights = {g: (1 + math.log(c)) * self.idf[g] for g, c in grams.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for gram, weight in weights.items():
                postings[gram].append((i, weight / norm))
        self.postings = dict(postings)

    def scores(self, text: str) -> np.ndarray:
        result = np.zeros(self.n, dtype=np.float32)
        grams = _ngram_counts(text)
        # 5-grams no document has still count in the query's norm, at the highest rarity: a text
        # about something no document names must not look like a full match on its one known word.
        top_idf = math.log(1 + self.n)
        weights = {g: (1 + math.log(c)) * self.idf.get(g, top_idf) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for gram, weight in weights.items():
            for doc, doc_weight in self.postings.get(gram, ()):
                result[doc] += weight / norm * doc_weight
        return result


def _ngram_counts(text: str, n: int = NGRAM) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for word in analyse_words(text):
        padded = f"<{word}>"
        if len(padded) <= n:
            counts[padded] += 1
            continue
        for i in range(len(padded) - n + 1):
            counts[padded[i : i + n]] += 1
    return counts


def analyse_words(text: str) -> list[str]:
    """Folded lower-case words without the stop words (not stemmed: the 5-grams do that work)."""
    return [w for w in (fold(word.lower()) for word in words(normalize(text))) if w not in _STOP_WORDS]


class _OccupationIndex:
    def __init__(self) -> None:
        groups = _load_groups()
        self.groups = groups
        group_texts = [_group_passage(g) for g in groups]
        self.group_vectors = embed_passages_cached("ssyk4-groups", group_texts)
        self.title_texts: list[str] = []
        self.title_group: list[int] = []
        for gi, group in enumerate(groups):
            for title in [group.name, *group.titles]:
                self.title_texts.append(title)
                self.title_group.append(gi)
        self.title_vectors = embed_passages_cached("ssyk4-titles", self.title_texts)
        self.title_group_array = np.array(self.title_group)
        self.lexical = _LexicalIndex([" ".join([g.name, *g.titles]) for g in groups])

    def rank(self, text: str, limit: int) -> list[OccupationSuggestion]:
        text = expand_text(text)
        query = semantic.embed_query(text)
        group_cos = self.group_vectors @ query
        title_cos = self.title_vectors @ query
        best_title_cos = np.full(len(self.groups), -1.0, dtype=np.float32)
        np.maximum.at(best_title_cos, self.title_group_array, title_cos)
        best_title_index = {}
        for ti in np.argsort(-title_cos):
            best_title_index.setdefault(self.title_group[ti], ti)
            if len(best_title_index) == len(self.groups):
                break
        semantic_score = _standardise(TITLE_WEIGHT * best_title_cos + GROUP_WEIGHT * group_cos)
        lexical = self.lexical.scores(text)
        combined = semantic_score + LEXICAL_WEIGHT * lexical
        suggestions = []
        for gi in np.argsort(-combined)[:limit]:
            group = self.groups[gi]
            suggestions.append(
                OccupationSuggestion(
                    code=group.code,
                    name=group.name,
                    score=round(float(combined[gi]), 4),
                    reason=_reason(group, self.title_texts[best_title_index[gi]]),
                )
            )
        return suggestions


class _SkillIndex:
    def __init__(self) -> None:
        with open(DATA_DIR / "skills.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.ids = [r["concept_id"] for r in rows]
        self.labels = [r["label_sv"] for r in rows]
        self.vectors = embed_passages_cached("jobtech-skills", self.labels)
        self.lexical = _LexicalIndex(self.labels)

    def rank(self, text: str, limit: int) -> list[SkillSuggestion]:
        text = expand_text(text)
        query = semantic.embed_query(text)
        lexical = self.lexical.scores(text)
        combined = _standardise(self.vectors @ query) + SKILL_LEXICAL_WEIGHT * lexical
        return [
            SkillSuggestion(concept_id=self.ids[i], label=self.labels[i], score=round(float(combined[i]), 4))
            for i in np.argsort(-combined)[:limit]
        ]


@functools.cache
def _vocabulary() -> list[tuple[re.Pattern, str]]:
    with open(DATA_DIR / "vocabulary.csv", newline="", encoding="utf-8") as handle:
        return [(re.compile(r"(?<!\w)" + re.escape(fold(row["term"].lower()))), row["expansion"])
                for row in csv.DictReader(handle)]


def expand_text(text: str) -> str:
    """The need text with the trade words of the vocabulary (competence/data/vocabulary.csv) added for
    the everyday words that name no trade: a company writes "webbutik" and "kassasystemet", the
    occupation titles say "webbutvecklare" and "systemutvecklare", and without the hint both the model
    and the 5-grams hear "butik" and "kassa" (shop and till staff)."""
    folded = fold(text.lower())
    extra = []
    for pattern, expansion in _vocabulary():
        if pattern.search(folded) and expansion not in extra:
            extra.append(expansion)
    return f"{text} ({' '.join(extra)})" if extra else text


def _standardise(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    return (values - values.mean()) / (std if std > 1e-9 else 1.0)


def _group_passage(group: _Group) -> str:
    definition = group.definition[:DEFINITION_CHARS]
    titles = ", ".join(group.titles)
    return f"{group.name}. {definition} Yrken: {titles}".strip()


def _reason(group: _Group, best_title: str) -> str:
    if best_title != group.name:
        return gettext("Yrkesgrupp %(code)s %(name)s, närmast yrket ”%(title)s”") % {
            "code": group.code,
            "name": group.name,
            "title": best_title,
        }
    return gettext("Yrkesgrupp %(code)s %(name)s liknar beskrivningen") % {"code": group.code, "name": group.name}


def _load_groups() -> list[_Group]:
    with open(DATA_DIR / "ssyk4.csv", newline="", encoding="utf-8") as handle:
        groups = [_Group(r["code"], r["name_sv"], r["definition_sv"], []) for r in csv.DictReader(handle)]
    by_code = {g.code: g for g in groups}
    with open(DATA_DIR / "occupations.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["ssyk4"]
            if code in by_code:
                by_code[code].titles.append(row["label_sv"])
            else:
                # JobTech merges SCB's manager levels 1 and 2 (1211 + 1212) into one code ending in 0:
                # its titles describe both SCB groups.
                for group in groups:
                    if group.code[:3] == code[:3] and group.code != code:
                        group.titles.append(row["label_sv"])
    return groups


logger = logging.getLogger(__name__)
_lock = threading.Lock()
_indexes: dict[tuple[str, str], object] = {}


def _index(kind: str, factory):
    key = (kind, semantic.model_name())
    index = _indexes.get(key)
    if index is None:
        with _lock:
            index = _indexes.get(key)
            if index is None:
                index = _indexes[key] = factory()
    return index


def suggest_occupations(text: str, limit: int = 3) -> list[OccupationSuggestion]:
    """The SSYK 2012 4-digit groups that best fit a need text, best first."""
    if not text or not text.strip() or limit <= 0:
        return []
    return _index("occupations", _OccupationIndex).rank(text, limit)


def suggest_skills(text: str, limit: int = 5) -> list[SkillSuggestion]:
    """The JobTech skills that best fit a need text, best first."""
    if not text or not text.strip() or limit <= 0:
        return []
    return _index("skills", _SkillIndex).rank(text, limit)


def warm_up() -> None:
    """Load the model and reference embeddings now (a worker at start, a benchmark before timing)."""
    _index("occupations", _OccupationIndex)
    _index("skills", _SkillIndex)


def suggestions_ready() -> bool:
    """Whether this process can suggest at once. On a new machine the reference embeddings take minutes
    to compute; a request must never wait for that (it registers the need without suggestions)."""
    model = semantic.model_name()
    return ("occupations", model) in _indexes and ("skills", model) in _indexes


_preparing = threading.Event()
# After a failure (an unwritable cache directory, say) requests wait this long before trying again:
# retrying on every request would spend minutes of CPU each time.
RETRY_AFTER_SECONDS = 600
_failed_at: list[float] = []


def prepare_in_background() -> None:
    """Warm up in a daemon thread, once per process (the ASGI app calls this at start; a request that
    finds the suggester not ready calls it too). Reference embeddings land in the disk cache, so later
    processes load them in moments."""
    if suggestions_ready() or _preparing.is_set():
        return
    if _failed_at and time.monotonic() - _failed_at[-1] < RETRY_AFTER_SECONDS:
        return
    _preparing.set()

    def run():
        try:
            warm_up()
        except Exception:  # logged; a request after RETRY_AFTER_SECONDS tries again
            logger.exception("Preparing the competence suggestions failed")
            _failed_at.append(time.monotonic())
            _preparing.clear()

    threading.Thread(target=run, name="competence-suggestions-warm-up", daemon=True).start()

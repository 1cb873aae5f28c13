"""The labelled matching set (competence/data/eval_match_offers.csv and eval_match_needs.csv) and its
figures: precision@3 and MRR for the structured signal alone, the text signal alone and combined, and
the occupation suggestion's top-3 on the same needs. Used by bench/competence_match_quality.py and by
tests/competence/test_matching_quality.py; never at run time.

precision@3 is the share of the top three that is relevant, out of at most three relevant offers a need
can have (min(3, relevant)): a need with one relevant offer scores 1 when it is among the first three.
Ties in a score are broken by a fixed hash of the offer id, never by the order of the file.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass

import numpy as np

from competence import matching
from competence.matching import Candidate, CandidateSet, NeedProfile
from competence.reference import ssyk_groups
from search.analysis import fold

DATA_DIR = matching.__file__.rsplit("/", 1)[0] + "/data"
SIGNALS = ("structured", "text", "combined")


@dataclass(frozen=True)
class EvalNeed:
    id: str
    text: str
    ssyk: str
    acceptable: frozenset[str]  # other groups that name the need as well (as in eval_needs.csv)
    forms: tuple[str, ...]
    constraints: tuple[str, ...]
    place: str
    relevant: frozenset[str]

    def embedding_text(self) -> str:  # as CompetenceNeed.embedding_text
        return " ".join(p for p in (self.text, ssyk_groups().get(self.ssyk, "")) if p)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(";") if v)


def load_offers() -> list[dict]:
    with open(f"{DATA_DIR}/eval_match_offers.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_needs() -> list[EvalNeed]:
    with open(f"{DATA_DIR}/eval_match_needs.csv", newline="", encoding="utf-8") as handle:
        return [EvalNeed(r["id"], r["text"], r["ssyk"], frozenset({r["ssyk"], *_split(r["acceptable"])}), _split(r["forms"]), _split(r["constraints"]), r["place"],
                         frozenset(_split(r["relevant"]))) for r in csv.DictReader(handle)]


def offer_text(row: dict) -> str:  # as LearningOffer.embedding_text
    return " ".join(p for p in (row["title"], row["description"]) if p)


def build(embed: bool = True):
    """(needs, candidate set, need vectors): the offers and needs embedded with the configured model."""
    import semantic

    offers = load_offers()
    needs = load_needs()
    vectors = semantic.embed_passages([offer_text(r) for r in offers]) if embed else [None] * len(offers)
    cands = CandidateSet([
        Candidate(item=r["id"], ssyk_codes=_split(r["ssyk"]), skill_ids=(), form=r["form"], delivery=r["delivery"],
                  place=r["place"], vector=vectors[i]) for i, r in enumerate(offers)])
    need_vectors = [semantic.embed_query(n.embedding_text()) if embed else None for n in needs]
    return needs, cands, need_vectors


def profile(need: EvalNeed, vector) -> NeedProfile:
    return NeedProfile(ssyk_code=need.ssyk, preferred_forms=need.forms, constraints=need.constraints,
                       places=frozenset({fold(need.place.lower())}), vector=vector)


def _tie_breaker(ids) -> np.ndarray:
    """A stable, arbitrary order among equal scores (not a security use of the hash)."""
    return np.array([int(hashlib.sha1(i.encode(), usedforsecurity=False).hexdigest()[:8], 16) for i in ids],
                    dtype=np.float64)


def evaluate(needs, cands, need_vectors, *, weights=None, structured_share=None, subset=None) -> dict:
    """{signal: (precision@3, MRR)} over the needs (or the subset of need ids)."""
    ids = [c.item for c in cands.candidates]
    ties = _tie_breaker(ids)
    totals = {s: [0.0, 0.0] for s in SIGNALS}
    count = 0
    for need, vector in zip(needs, need_vectors):
        if subset is not None and need.id not in subset:
            continue
        count += 1
        scores = matching.score(profile(need, vector), cands, weights=weights, structured_share=structured_share)
        for signal in SIGNALS:
            values = getattr(scores, signal)
            order = np.lexsort((ties, -values))
            ranked = [ids[i] for i in order]
            top = set(ranked[:3])
            totals[signal][0] += len(top & need.relevant) / min(3, len(need.relevant))
            first = next(i for i, item in enumerate(ranked) if item in need.relevant)
            totals[signal][1] += 1.0 / (first + 1)
    return {s: (p / count, r / count) for s, (p, r) in totals.items()}


def occupation_top3(needs) -> tuple[float, float, list]:
    """(top-3 with an accepted group, top-3 with exactly the labelled group, the misses)."""
    from competence.suggestions import suggest_occupations

    accepted = exact = 0
    misses = []
    for n in needs:
        top = [s.code for s in suggest_occupations(n.text, limit=3)]
        exact += n.ssyk in top
        if n.acceptable & set(top):
            accepted += 1
        else:
            misses.append((n.id, n.ssyk, top))
    return accepted / len(needs), exact / len(needs), misses


def even_ids(needs) -> set[str]:
    return {n.id for n in needs if int(n.id[1:]) % 2 == 0}

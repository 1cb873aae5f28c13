"""Occupation and skill suggestion for one need text: latency as a ratio to one query embedding,
and the quality figures of the labelled set (competence/data/eval_needs.csv) per signal.

    .venv/bin/python bench/competence_suggest_bench.py [--texts 50] [--rounds 3]

Runs in-process with the dev settings; needs no database. The model and the cached reference
embeddings are loaded before timing (warm), as in a running web worker; every timed call embeds its
text afresh. The baseline is the embedding of one short text ("Vi behöver en kock") by the same
model in the same run: the model's own floor for anything that embeds a need text. "both" embeds
the text once (the layer keeps recent query vectors), as the need form does.
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


def timed(fn, *args, **kwargs) -> float:
    import semantic

    # Every timed call embeds its text afresh: the layer keeps recent query vectors, and a repeated
    # text would otherwise measure a dictionary lookup.
    semantic._query_cache.clear()
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def quality(suggestions, load_eval_set) -> list[list]:
    """top-3 and MRR (first accepted group within the top 20) for each signal alone and combined."""
    variants = {
        "semantic: group passages only": (0.0, 1.0, 0.0),
        "semantic: occupation titles only": (1.0, 0.0, 0.0),
        "semantic: titles + group passages": (0.5, 0.5, 0.0),
        "lexical only (character 5-gram TF-IDF)": (0.0, 0.0, 1000.0),
        "combined (shipped weights)": (suggestions.TITLE_WEIGHT, suggestions.GROUP_WEIGHT, suggestions.LEXICAL_WEIGHT),
    }
    shipped = (suggestions.TITLE_WEIGHT, suggestions.GROUP_WEIGHT, suggestions.LEXICAL_WEIGHT)
    data = load_eval_set()
    rows = []
    try:
        for name, (tw, gw, lw) in variants.items():
            suggestions.TITLE_WEIGHT, suggestions.GROUP_WEIGHT, suggestions.LEXICAL_WEIGHT = tw, gw, lw
            hits, rr = 0, 0.0
            for text, _correct, accepted in data:
                ranked = [s.code for s in suggestions.suggest_occupations(text, limit=20)]
                hits += bool(accepted & set(ranked[:3]))
                first = next((i for i, code in enumerate(ranked) if code in accepted), None)
                rr += 0.0 if first is None else 1.0 / (first + 1)
            rows.append([name, f"{hits / len(data):.3f}", f"{rr / len(data):.3f}"])
    finally:
        suggestions.TITLE_WEIGHT, suggestions.GROUP_WEIGHT, suggestions.LEXICAL_WEIGHT = shipped
    return rows, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="each text is suggested this many times")
    args = parser.parse_args()

    import django

    django.setup()
    import semantic
    from competence import suggestions
    from tests.competence.test_suggestions import load_eval_set

    start = time.perf_counter()
    log("warming up: model and reference embeddings (first run embeds ~9,500 texts; later runs read var/semantic)")
    suggestions.warm_up()
    warm_s = time.perf_counter() - start
    texts = [text for text, _, _ in load_eval_set()][: args.texts]

    baseline, occupations, skills, both = [], [], [], []
    for _ in range(args.rounds):
        for text in texts:
            baseline.append(timed(semantic.get_backend().embed_query, "Vi behöver en kock"))
            occupations.append(timed(suggestions.suggest_occupations, text, limit=3))
            skills.append(timed(suggestions.suggest_skills, text, limit=5))
            both.append(timed(lambda t: (suggestions.suggest_occupations(t, 3), suggestions.suggest_skills(t, 5)), text))
    base50, base95 = percentile(baseline, 50), percentile(baseline, 95)

    def row(name, samples):
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        return [name, f"{p50:.1f}", f"{p95:.1f}", f"{p50 / base50:.2f}×", f"{p95 / base95:.2f}×"]

    log("scoring the labelled set")
    quality_rows, n = quality(suggestions, load_eval_set)

    print("## Competence: occupation suggestion\n")
    print(markdown_table(["what", "value"], [list(r) for r in machine_description()] + [
        ("model", semantic.model_name()),
        ("OMP_NUM_THREADS", os.environ.get("OMP_NUM_THREADS", "unset (all cores)")),
        ("warm-up (model + reference embeddings)", f"{warm_s:.1f} s"),
    ]))
    print(f"\n### Latency, warm, {len(texts)} need texts × {args.rounds} rounds\n")
    print(markdown_table(
        ["operation", "p50 ms", "p95 ms", "p50 / baseline", "p95 / baseline"],
        [row("baseline: embed one short text", baseline), row("suggest_occupations(text, 3)", occupations),
         row("suggest_skills(text, 5)", skills), row("both (what the need form asks)", both)],
        "lrrrr",
    ))
    print(f"\n### Quality on competence/data/eval_needs.csv ({n} needs)\n")
    print(markdown_table(["signal", "top-3", "MRR"], quality_rows, "lrr"))


if __name__ == "__main__":
    main()

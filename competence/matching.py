"""Matching a competence need with providers' offers and other companies' peer offers.

Each candidate gets a structured score and a text score, combined into one score in [0, 1]:

* structured (each part in [0, 1], weighted, ``WEIGHTS``): the occupation (the need's SSYK code against
  the candidate's: same 4-digit group 1, same 3-digit group 0.5, same 2-digit 0.25, same major group
  0.1), the share of the need's skills the candidate names, whether the candidate's form is among the
  need's preferred forms, how the delivery meets the need's constraints (distance, on our place, short
  sessions), and whether it is given where the company is;
* text: the cosine of the need's embedding with the candidate's (both stored by the background task,
  ``competence.tasks``), standardised over the candidates so it means the same whatever the model's
  cosine range, then squeezed into [0, 1]. A candidate without a fresh embedding has no text signal
  (it scores the candidates' average, never an error and never a wait).

Everything per candidate is a numpy column, so ranking one need against 5,000 offers is a handful of
vector operations (bench/competence_match_quality.py and docs/benchmarks.md give the figures).

Who is a candidate (``suggest_for_need``): active offers of active providers that serve the need's
municipality, and active peer offers of other companies in the same municipality. Neighbouring
municipalities are not included: the platform knows no neighbourhood between municipalities, and a
provider that serves several names them itself (``Provider.serves_municipalities``).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from competence.models import CompanyPeerOffer, CompetenceNeed, Constraint, Delivery, LearningForm, LearningOffer
from competence.reference import ssyk_groups
from search.analysis import fold

# Weights of the structured parts, and the share of the structured score in the combined one. Set from the
# method before the labelled set was first scored and not changed since (docs/benchmarks.md reports the
# even and odd halves of competence/data/eval_match_needs.csv separately all the same).
WEIGHTS = {"occupation": 3.0, "skills": 1.0, "form": 1.5, "constraints": 1.0, "place": 0.5}
STRUCTURED_SHARE = 0.5
# The text score is the cosine's z-score over the candidates, mapped from [-1, 3] onto [0, 1].
TEXT_Z_LOW, TEXT_Z_HIGH = -1.0, 3.0
# A text z-score from which the reason says the descriptions are alike.
TEXT_REASON_Z = 1.5

PEER_KIND_FORM = {
    CompanyPeerOffer.Kind.INTERNSHIP: LearningForm.INTERNSHIP,
    CompanyPeerOffer.Kind.MENTORING: LearningForm.PEER,
    CompanyPeerOffer.Kind.KNOWLEDGE: LearningForm.PEER,
}
_FORMS = list(LearningForm.values)
_DELIVERIES = [Delivery.ON_SITE, Delivery.DISTANCE, Delivery.MIXED]
_INFORMAL_FORMS = np.array([f in (LearningForm.PEER, LearningForm.NETWORK, LearningForm.SHORT_COURSE)
                            for f in _FORMS])


def _form_phrase(form: str) -> str:
    return {
        LearningForm.PEER: _("hjälp från ett företag"),
        LearningForm.NETWORK: _("nätverk eller workshop"),
        LearningForm.SHORT_COURSE: _("kort kurs"),
        LearningForm.VOCATIONAL: _("yrkesutbildning"),
        LearningForm.UNIVERSITY: _("högskolekurs"),
        LearningForm.INTERNSHIP: _("praktik"),
    }.get(form, "")


# ---------------------------------------------------------------------------------------------------------
# Embedding keys (shared with competence.tasks)

def embedding_key(obj, model: str | None = None) -> str:
    """The model name and a hash of the object's embedding text: a stored vector with another key is stale."""
    import semantic

    model = model or semantic.configured_model_name()
    digest = hashlib.sha256(obj.embedding_text().encode("utf-8")).hexdigest()[:16]
    return f"{model[:60]}:{digest}"


def stored_vector(obj, key: str | None = None) -> np.ndarray | None:
    """The object's stored embedding if it is fresh (same model, same text), else None."""
    if not obj.embedding or obj.embedding_key != (key or embedding_key(obj)):
        return None
    return np.frombuffer(bytes(obj.embedding), dtype=np.float32)


# ---------------------------------------------------------------------------------------------------------
# The vectorised ranking, independent of the ORM (the evaluation feeds it rows from CSV files)

@dataclass(frozen=True)
class NeedProfile:
    ssyk_code: str = ""
    skill_ids: frozenset[str] = frozenset()
    preferred_forms: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()  # folded place names where the company is
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class Candidate:
    item: object  # a LearningOffer, a CompanyPeerOffer, or an evaluation id
    ssyk_codes: Sequence[str]
    skill_ids: Sequence[str]
    skill_labels: dict = field(default_factory=dict)  # id -> label, for the reason
    form: str = ""
    delivery: str = Delivery.ON_SITE
    place: str = ""
    vector: np.ndarray | None = None


class CandidateSet:
    """The candidates as numpy columns."""

    def __init__(self, candidates: Sequence[Candidate], dim: int | None = None):
        self.candidates = list(candidates)
        n = len(self.candidates)
        width = max((len(c.ssyk_codes) for c in self.candidates), default=0) or 1
        self.codes = np.full((n, width), -1, dtype=np.int32)
        for i, c in enumerate(self.candidates):
            for j, code in enumerate(c.ssyk_codes):
                self.codes[i, j] = int(code)
        self.skill_index: dict[str, int] = {}
        skill_width = max((len(c.skill_ids) for c in self.candidates), default=0) or 1
        self.skills = np.full((n, skill_width), -1, dtype=np.int32)
        for i, c in enumerate(self.candidates):
            for j, sid in enumerate(c.skill_ids):
                self.skills[i, j] = self.skill_index.setdefault(sid, len(self.skill_index))
        self.forms = np.array([_FORMS.index(c.form) if c.form in _FORMS else -1 for c in self.candidates],
                              dtype=np.int32)
        self.delivery = np.array([_DELIVERIES.index(c.delivery) if c.delivery in _DELIVERIES else 0
                                  for c in self.candidates], dtype=np.int32)
        self.place_index: dict[str, int] = {}
        self.places = np.array([self.place_index.setdefault(fold(c.place.lower()), len(self.place_index))
                                if c.place else -1 for c in self.candidates], dtype=np.int32)
        vectors = [c.vector for c in self.candidates]
        dim = dim or next((len(v) for v in vectors if v is not None), 0)
        self.has_vector = np.array([v is not None and len(v) == dim for v in vectors], dtype=bool)
        self.vectors = np.zeros((n, dim), dtype=np.float32)
        for i, v in enumerate(vectors):
            if self.has_vector[i]:
                self.vectors[i] = v

    def __len__(self) -> int:
        return len(self.candidates)


@dataclass(frozen=True)
class Scores:
    structured: np.ndarray
    text: np.ndarray
    text_z: np.ndarray
    combined: np.ndarray
    occupation: np.ndarray
    skills: np.ndarray
    form: np.ndarray
    constraints: np.ndarray
    place: np.ndarray


def score(need: NeedProfile, cands: CandidateSet, *, weights: dict | None = None,
          structured_share: float | None = None) -> Scores:
    weights = weights or WEIGHTS
    share = STRUCTURED_SHARE if structured_share is None else structured_share
    n = len(cands)
    codes = cands.codes
    valid = codes >= 0
    occupation = np.zeros(n, dtype=np.float32)
    if need.ssyk_code and need.ssyk_code.isdigit():
        c = int(need.ssyk_code)
        # same major group (codes // 1000), 2-digit, 3-digit, the 4-digit group itself
        for divisor, value in ((1000, 0.1), (100, 0.25), (10, 0.5), (1, 1.0)):
            hit = (valid & (codes // divisor == c // divisor)).any(axis=1)
            occupation = np.where(hit, np.maximum(occupation, value), occupation)
    skills = np.zeros(n, dtype=np.float32)
    wanted = [cands.skill_index[s] for s in need.skill_ids if s in cands.skill_index]
    if need.skill_ids and wanted:
        skills = np.isin(cands.skills, wanted).sum(axis=1).astype(np.float32) / len(need.skill_ids)
    if need.preferred_forms:
        preferred = [_FORMS.index(f) for f in need.preferred_forms if f in _FORMS]
        form = np.isin(cands.forms, preferred).astype(np.float32)
    else:
        form = np.full(n, 0.5, dtype=np.float32)
    place_ids = [cands.place_index[p] for p in need.places if p in cands.place_index]
    same_place = np.isin(cands.places, place_ids) if place_ids else np.zeros(n, dtype=bool)
    distance = cands.delivery == _DELIVERIES.index(Delivery.DISTANCE)
    mixed = cands.delivery == _DELIVERIES.index(Delivery.MIXED)
    parts = []
    if Constraint.DISTANCE in need.constraints:
        parts.append(np.where(distance, 1.0, np.where(mixed, 0.6, 0.0)))
    if Constraint.PLACE in need.constraints:
        parts.append(np.where(same_place & ~distance, 1.0, np.where(distance, 0.3, 0.0)))
    if Constraint.SHORT_SESSIONS in need.constraints:
        informal = np.zeros(n, dtype=bool)
        known = cands.forms >= 0
        informal[known] = _INFORMAL_FORMS[cands.forms[known]]
        parts.append(informal.astype(np.float32))
    constraints = (np.mean(parts, axis=0).astype(np.float32) if parts else np.full(n, 0.5, dtype=np.float32))
    place = same_place.astype(np.float32)
    total = sum(weights.values())
    structured = (weights["occupation"] * occupation + weights["skills"] * skills + weights["form"] * form
                  + weights["constraints"] * constraints + weights["place"] * place) / total

    text_z = np.zeros(n, dtype=np.float32)
    if need.vector is not None and cands.vectors.shape[1] == len(need.vector) and cands.has_vector.any():
        cos = cands.vectors @ need.vector.astype(np.float32)
        known = cos[cands.has_vector]
        std = float(known.std())
        if len(known) > 1 and std > 1e-6:
            text_z = np.where(cands.has_vector, (cos - known.mean()) / std, 0.0).astype(np.float32)
    text = np.clip((text_z - TEXT_Z_LOW) / (TEXT_Z_HIGH - TEXT_Z_LOW), 0.0, 1.0).astype(np.float32)
    combined = share * structured + (1 - share) * text
    return Scores(structured=structured, text=text, text_z=text_z, combined=combined, occupation=occupation,
                  skills=skills, form=form, constraints=constraints, place=place)


@dataclass(frozen=True)
class Suggestion:
    item: object
    score: float
    reason: str

    @property
    def is_peer(self) -> bool:
        return isinstance(self.item, CompanyPeerOffer)


def rank(need: NeedProfile, cands: CandidateSet, *, limit: int = 10, signal: str = "combined") -> list[Suggestion]:
    """The best candidates, best first, each with its score and one line of reason."""
    if not len(cands) or limit <= 0:
        return []
    scores = score(need, cands)
    values = getattr(scores, signal)
    # Stable on ties: a candidate listed earlier comes first.
    order = np.argsort(-values, kind="stable")[:limit]
    return [Suggestion(item=cands.candidates[i].item, score=round(float(np.clip(scores.combined[i], 0, 1)), 4),
                       reason=reason(need, cands.candidates[i], scores, i)) for i in order]


def reason(need: NeedProfile, cand: Candidate, scores: Scores, i: int) -> str:
    """One Swedish line: the occupation, shared skills, the form and how it is given."""
    names = ssyk_groups()
    parts = []
    if scores.occupation[i] >= 1.0:
        parts.append(_("samma yrke: %(code)s %(name)s") % {"code": need.ssyk_code,
                                                           "name": names.get(need.ssyk_code, "")})
    elif scores.occupation[i] >= 0.5:
        code = next(c for c in cand.ssyk_codes if c[:3] == need.ssyk_code[:3])
        parts.append(_("närliggande yrke: %(code)s %(name)s") % {"code": code, "name": names.get(code, "")})
    shared = [cand.skill_labels.get(s, s) for s in cand.skill_ids if s in need.skill_ids]
    if shared:
        parts.append(_("kompetenser: %(skills)s") % {"skills": ", ".join(shared[:3])})
    if cand.form:
        parts.append(_form_phrase(cand.form))
    if cand.delivery == Delivery.DISTANCE:
        parts.append(_("distans"))
    elif scores.place[i]:
        parts.append(_("på plats i %(place)s") % {"place": cand.place})
    elif cand.delivery == Delivery.MIXED:
        parts.append(_("delvis distans"))
    elif cand.place:
        parts.append(_("i %(place)s") % {"place": cand.place})
    if scores.text_z[i] >= TEXT_REASON_Z:
        parts.append(_("liknande beskrivning"))
    return "; ".join(p for p in parts if p)[:300]


# ---------------------------------------------------------------------------------------------------------
# From the database

def need_profile(need: CompetenceNeed, *, query_if_missing: bool = True) -> NeedProfile:
    company = need.company
    places = {fold(p.lower()) for p in company.localities.values_list("name", flat=True)}
    for name in (company.postal_town, need.municipality.name):
        if name:
            places.add(fold(name.lower()))
    vector = stored_vector(need)
    if vector is None and query_if_missing:
        vector = _query_vector_if_loaded(need.embedding_text())
    return NeedProfile(ssyk_code=need.ssyk_code, skill_ids=frozenset(s["id"] for s in need.skills),
                       preferred_forms=tuple(need.preferred_forms), constraints=tuple(need.constraints),
                       places=frozenset(places), vector=vector)


def _query_vector_if_loaded(text: str) -> np.ndarray | None:
    """The bounded path: one short query embedding, only when this process already has the model loaded
    (a request never waits for a model to load); otherwise the need has no text signal until the
    background task has stored its embedding."""
    import semantic

    if not text or not semantic.backend_loaded():
        return None
    try:
        return semantic.embed_query(text)
    except Exception:  # a failing model means no text signal, never a failing page
        return None


def candidate_from_offer(offer: LearningOffer, model: str) -> Candidate:
    return Candidate(item=offer, ssyk_codes=offer.ssyk_codes, skill_ids=[s["id"] for s in offer.skills],
                     skill_labels={s["id"]: s["label"] for s in offer.skills}, form=offer.form,
                     delivery=offer.delivery, place=offer.place,
                     vector=stored_vector(offer, embedding_key(offer, model)))


def candidate_from_peer_offer(offer: CompanyPeerOffer, model: str) -> Candidate:
    return Candidate(item=offer, ssyk_codes=offer.ssyk_codes, skill_ids=[s["id"] for s in offer.skills],
                     skill_labels={s["id"]: s["label"] for s in offer.skills},
                     form=PEER_KIND_FORM.get(offer.kind, LearningForm.PEER), delivery=Delivery.ON_SITE,
                     place=offer.company.postal_town or offer.municipality.name,
                     vector=stored_vector(offer, embedding_key(offer, model)))


def candidates_for_need(need: CompetenceNeed) -> tuple[Iterable[LearningOffer], Iterable[CompanyPeerOffer]]:
    offers = (LearningOffer.objects.filter(active=True, provider__active=True,
                                           provider__serves_municipalities=need.municipality_id)
              .exclude(matches__need=need).select_related("provider").distinct())
    peers = (CompanyPeerOffer.objects.filter(active=True, municipality_id=need.municipality_id)
             .exclude(company_id=need.company_id).exclude(matches__need=need)
             .select_related("company", "municipality"))
    return offers, peers


def _ranked(need: CompetenceNeed, *, limit: int | None) -> list[Suggestion]:
    """Every candidate of the need (or the first `limit`), best first."""
    import semantic

    model = semantic.configured_model_name()
    offers, peers = candidates_for_need(need)
    cands = [candidate_from_offer(o, model) for o in offers] + [candidate_from_peer_offer(p, model) for p in peers]
    return rank(need_profile(need), CandidateSet(cands), limit=len(cands) if limit is None else limit)


def suggest_for_need(need: CompetenceNeed, *, limit: int = 5) -> list[Suggestion]:
    """Offers and peer offers for a need not yet matched to it, best first, with a one-line reason each."""
    return _ranked(need, limit=limit)


def suggestion_for(need: CompetenceNeed, *, offer=None, peer_offer=None) -> Suggestion | None:
    """The ranking's score and reason for one candidate of this need (None if it is no candidate)."""
    target = offer or peer_offer
    for suggestion in _ranked(need, limit=None):
        if suggestion.item == target and type(suggestion.item) is type(target):
            return suggestion
    return None

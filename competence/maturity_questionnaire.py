"""The digital maturity questionnaire: loaded from competence/data/maturity_questions.json (data, not code),
checked when loaded, and used to validate and score a company's answers.

The file holds a version (stored on every assessment), shared answer scales, and the six dimensions of the
EU Digital Maturity Assessment, each with its questions in Swedish and English. A question is either a
single-choice scale (each option has points; the question gives points / the highest points) or a
multiple-choice list (each option has points; the question gives min(sum, max_points) / max_points; an
`exclusive` option such as "Inget av detta" cannot be chosen with another). A dimension's score is
100 × the weighted mean of its questions (weights sum to 1); the overall score is the mean of the six."""
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from competence.models.maturity import MaturityDimension

QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "maturity_questions.json"
SCALE, MULTIPLE = "scale", "multiple"


def _pick(texts: dict) -> str:
    """The text in the active language: English for an English visitor, otherwise Swedish."""
    language = (get_language() or "sv").split("-")[0]
    return texts.get(language) or texts["sv"]


@dataclass(frozen=True)
class Option:
    value: str
    points: float
    texts: dict
    exclusive: bool = False

    @property
    def label(self) -> str:
        return _pick(self.texts)


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    weight: float
    texts: dict
    options: tuple[Option, ...]
    max_points: float

    @property
    def text(self) -> str:
        return _pick(self.texts)

    @property
    def values(self) -> set[str]:
        return {o.value for o in self.options}

    def fraction(self, answer) -> float:
        """0–1 for a valid answer."""
        points = {o.value: o.points for o in self.options}
        if self.kind == SCALE:
            return points[answer] / self.max_points
        return min(sum(points[v] for v in answer), self.max_points) / self.max_points


@dataclass(frozen=True)
class Dimension:
    key: str
    texts: dict
    about_texts: dict
    questions: tuple[Question, ...]

    @property
    def title(self) -> str:
        return _pick(self.texts)

    @property
    def about(self) -> str:
        return _pick(self.about_texts)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    intro_texts: dict
    dimensions: tuple[Dimension, ...]

    @property
    def intro(self) -> str:
        return _pick(self.intro_texts)

    @property
    def questions(self) -> dict[str, Question]:
        return {q.key: q for d in self.dimensions for q in d.questions}

    def dimension_titles(self) -> dict[str, str]:
        return {d.key: d.title for d in self.dimensions}

    def clean_answers(self, answers: dict) -> dict:
        """The answers in stored form ({key: "value"} or {key: ["value", …]}), or a ValidationError with a
        Swedish message per question (keyed by the question's key, so a form shows it next to the question)."""
        if not isinstance(answers, dict):
            raise ValidationError(_("Svaren kunde inte läsas."), code="invalid_answers")
        questions = self.questions
        errors: dict[str, ValidationError] = {}
        unknown = sorted(set(answers) - set(questions))
        if unknown:
            errors["__all__"] = ValidationError(_("Okända frågor: %(keys)s."), params={"keys": ", ".join(unknown)},
                                                code="unknown_question")
        cleaned: dict = {}
        for key, question in questions.items():
            answer = answers.get(key)
            if question.kind == SCALE:
                if answer in (None, "", []):
                    errors[key] = ValidationError(_("Välj ett av svaren."), code="required")
                elif not isinstance(answer, str) or answer not in question.values:
                    errors[key] = ValidationError(_("Välj ett av svaren i listan."), code="invalid_choice")
                else:
                    cleaned[key] = answer
                continue
            chosen = [answer] if isinstance(answer, str) else answer
            if not chosen:
                errors[key] = ValidationError(_("Välj minst ett alternativ, eller ”Inget av detta”."), code="required")
            elif not isinstance(chosen, (list, tuple)) or not all(isinstance(v, str) and v in question.values
                                                                   for v in chosen):
                errors[key] = ValidationError(_("Välj bland alternativen i listan."), code="invalid_choice")
            elif len(chosen) > 1 and any(o.exclusive and o.value in chosen for o in question.options):
                errors[key] = ValidationError(_("”Inget av detta” kan inte väljas tillsammans med andra svar."),
                                              code="exclusive")
            else:
                order = [o.value for o in question.options]
                cleaned[key] = sorted(set(chosen), key=order.index)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def score(self, cleaned: dict) -> tuple[dict[str, float], float]:
        """(scores per dimension 0–100, overall = their mean), each rounded to one decimal."""
        questions = self.questions
        scores = {}
        for dimension in self.dimensions:
            total = sum(q.weight * questions[q.key].fraction(cleaned[q.key]) for q in dimension.questions)
            scores[dimension.key] = round(100 * total, 1)
        overall = round(sum(scores.values()) / len(scores), 1)
        return scores, overall


def _texts(raw, where: str) -> dict:
    if not isinstance(raw, dict) or not isinstance(raw.get("sv"), str) or not raw["sv"].strip() \
            or not isinstance(raw.get("en"), str) or not raw["en"].strip():
        raise ImproperlyConfigured(f"{where}: needs a Swedish and an English text ({{'sv': …, 'en': …}})")
    return {"sv": raw["sv"], "en": raw["en"]}


def _options(raw, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise ImproperlyConfigured(f"{where}: needs at least two options")
    options = []
    for index, item in enumerate(raw):
        value, points = item.get("value"), item.get("points")
        if not isinstance(value, str) or not value or not isinstance(points, (int, float)) or points < 0:
            raise ImproperlyConfigured(f"{where} option {index}: needs a value and points ≥ 0")
        options.append(Option(value, float(points), _texts(item.get("label"), f"{where} option {value}"),
                              bool(item.get("exclusive", False))))
    if len({o.value for o in options}) != len(options):
        raise ImproperlyConfigured(f"{where}: option values repeat")
    return tuple(options)


def parse_questionnaire(data: dict) -> Questionnaire:
    """Build and check a questionnaire; ImproperlyConfigured says what is wrong and where."""
    version = data.get("version")
    if not isinstance(version, str) or not 0 < len(version) <= 20:
        raise ImproperlyConfigured("maturity questionnaire: version must be text of at most 20 characters")
    scales = {name: _options(options, f"scale {name}") for name, options in (data.get("scales") or {}).items()}
    dimensions, keys = [], set()
    for raw in data.get("dimensions", []):
        dim_key = raw.get("key")
        if dim_key not in MaturityDimension.values:
            raise ImproperlyConfigured(f"maturity questionnaire: unknown dimension {dim_key!r}")
        questions = []
        for q in raw.get("questions", []):
            where = f"question {q.get('key')!r}"
            if not isinstance(q.get("key"), str) or q["key"] in keys:
                raise ImproperlyConfigured(f"{where}: needs a key of its own")
            keys.add(q["key"])
            if q.get("type") == SCALE:
                options = scales.get(q["scale"]) if "scale" in q else _options(q.get("options"), where)
                if options is None:
                    raise ImproperlyConfigured(f"{where}: unknown scale {q['scale']!r}")
                if any(o.exclusive for o in options):
                    raise ImproperlyConfigured(f"{where}: a scale has no exclusive option")
                max_points = max(o.points for o in options)
            elif q.get("type") == MULTIPLE:
                options = _options(q.get("options"), where)
                max_points = q.get("max_points")
                possible = sum(o.points for o in options)
                if not isinstance(max_points, (int, float)) or not 0 < max_points <= possible:
                    raise ImproperlyConfigured(f"{where}: max_points must be above 0 and reachable ({possible})")
            else:
                raise ImproperlyConfigured(f"{where}: type must be {SCALE!r} or {MULTIPLE!r}")
            if max_points <= 0:
                raise ImproperlyConfigured(f"{where}: the best answer must give points")
            weight = q.get("weight")
            if not isinstance(weight, (int, float)) or weight <= 0:
                raise ImproperlyConfigured(f"{where}: weight must be above 0")
            questions.append(Question(q["key"], q["type"], float(weight), _texts(q.get("text"), where),
                                      options, float(max_points)))
        if not 3 <= len(questions) <= 5:
            raise ImproperlyConfigured(f"dimension {dim_key}: needs 3–5 questions, has {len(questions)}")
        if abs(sum(q.weight for q in questions) - 1) > 1e-6:
            raise ImproperlyConfigured(f"dimension {dim_key}: question weights must sum to 1")
        dimensions.append(Dimension(dim_key, _texts(raw.get("title"), f"dimension {dim_key}"),
                                    _texts(raw.get("about"), f"dimension {dim_key} about"), tuple(questions)))
    found = [d.key for d in dimensions]
    if sorted(found) != sorted(MaturityDimension.values) or len(set(found)) != len(found):
        raise ImproperlyConfigured(f"maturity questionnaire: needs each of the six dimensions once, has {found}")
    return Questionnaire(version, _texts(data.get("intro"), "intro"), tuple(dimensions))


@cache
def questionnaire() -> Questionnaire:
    """The current questionnaire (read once per process)."""
    with open(QUESTIONS_FILE, encoding="utf-8") as fh:
        return parse_questionnaire(json.load(fh))

"""The competence registry's models, one module per part: needs and peer offers, providers and their
offers, the owners' follow-up (areas, projects, consent, conversations, matches), digital maturity."""
from competence.models.followup import (  # noqa: F401
    EffortArea,
    FollowupProject,
    NeedMatch,
    NeedsConversation,
    SharingConsent,
)
from competence.models.maturity import MaturityAssessment, MaturityDimension  # noqa: F401
from competence.models.needs import (  # noqa: F401
    ALLOWED_TRANSITIONS,
    SSYK_CODE,
    CompanyPeerOffer,
    CompetenceNeed,
    CompetenceNeedStatusChange,
    Constraint,
    Embedded,
    Horizon,
    LearningForm,
    NeedKind,
    NeedSource,
    NeedStatus,
    validate_constraints,
    validate_learning_forms,
    validate_skills,
    validate_ssyk_code,
    validate_ssyk_codes,
)
from competence.models.providers import Delivery, LearningOffer, Provider, ProviderMember  # noqa: F401

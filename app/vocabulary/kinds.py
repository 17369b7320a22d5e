"""The kinds of tag, event types and date precisions, with the words users see."""

from __future__ import annotations

KIND_LABELS = {
    "treaty": "Treaty",
    # Soft law a monitoring body applies (the Nelson Mandela Rules, the European Prison Rules):
    # tagged like a treaty, with its rules under it as articles.
    "standard": "Standard",
    "article": "Article",
    "event": "Event",
    "theme": "Theme",
    "place": "Place",
    "actor": "Actor",
}
KINDS = tuple(KIND_LABELS)
# The kinds with official facts (number, organisation, dates) and articles under them.
TREATY_KINDS = ("treaty", "standard")

# Which kinds a tag of each kind may sit under (None: at the top level).
PARENT_KINDS: dict[str, tuple[str | None, ...]] = {
    "treaty": (None, "treaty"),  # protocols sit under their convention
    "standard": (None, "standard"),
    "article": ("treaty", "standard"),
    "event": (None,),
    "theme": (None, "theme"),
    "place": (None, "place"),
    "actor": (None, "actor"),
}

EVENT_TYPE_LABELS = {
    "death_in_custody": "Death in custody",
    "ill_treatment": "Ill-treatment",
    "monitoring_visit": "Monitoring visit",
    "report_publication": "Report publication",
    "ratification": "Ratification",
    "denunciation": "Denunciation or withdrawal",
    "expulsion": "Expulsion or suspension",
    "legislation": "Legislation",
    "attack": "Attack",
    "other": "Other",
}
EVENT_TYPES = tuple(EVENT_TYPE_LABELS)

PRECISION_LABELS = {
    "day": "Day",
    "month": "Month",
    "year": "Year",
    "approximate": "Approximate",
}
PRECISIONS = tuple(PRECISION_LABELS)

"""What waits for the office's review, counted for the admin dashboard's "Att granska" panel.

The queues belong to the apps above (new companies and changes, claims, marketplace listings and reports);
each registers a function that answers, for one user, a `ReviewQueue` with the count in the user's own
municipalities, or None when the user may not see that queue. The panel lists them in `order`."""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewQueue:
    label: str
    count: int
    url: str


ReviewQueueSource = Callable[[object], "ReviewQueue | None"]
_sources: dict[str, tuple[int, ReviewQueueSource]] = {}


def register_review_queue(name: str, source: ReviewQueueSource, *, order: int) -> None:
    _sources[name] = (order, source)


def review_queues_for(user) -> list[ReviewQueue]:
    queues = (source(user) for _order, source in sorted(_sources.values(), key=lambda item: item[0]))
    return [queue for queue in queues if queue is not None]

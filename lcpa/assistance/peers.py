"""Peer teams who may have solved the same problem: the CSG learning-sites model in software.

For a request, look at the other teams of the same learning community (in any of its cohorts,
alumni included) in another jurisdiction, and score what they have done:

- an accepted deliverable of the request's module: 3 points;
- a resolved request of the same topic: 2 points;
- a forum answer by one of their members that was accepted on a question: 2 points; one that
  peers marked helpful: 1 point (community.queries.helpful_answers_by);
- each word (4 letters or more, not a common one) that the request shares with one of their
  accepted deliverables, resolved requests or those forum answers (with their thread's title):
  1 point, at most 5 per item.

The best-scoring teams come first, each with the reasons that scored. Five queries whatever the
number of teams.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from lcpa.assistance.models import TARequest
from lcpa.cohorts.models import Deliverable, Membership, Team
from lcpa.community.queries import helpful_answers_by

LIMIT = 5
MAX_WORDS = 5
WORD = re.compile(r"[a-z]{4,}")
COMMON = frozenset(
    {
        "about",
        "after",
        "also",
        "been",
        "before",
        "being",
        "could",
        "does",
        "each",
        "from",
        "have",
        "into",
        "just",
        "like",
        "make",
        "many",
        "more",
        "most",
        "much",
        "need",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "very",
        "want",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
        "team",
        "teams",
        "our",
        "ours",
        "we",
        "how",
        "can",
    }
)


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower())) - COMMON


def _deliverable_text(deliverable: Deliverable) -> str:
    return " ".join(str(value) for value in (deliverable.answers or {}).values())


@dataclass
class Suggestion:
    team: Team
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def _shared(wanted: set[str], text: str) -> list[str]:
    return sorted(wanted & words(text))[:MAX_WORDS]


def peer_suggestions(request: TARequest, limit: int = LIMIT) -> list[Suggestion]:
    cohort = request.team.cohort
    candidates = {
        team.pk: Suggestion(team)
        for team in Team.objects.filter(cohort__learning_community_id=cohort.learning_community_id)
        .exclude(jurisdiction_id=request.team.jurisdiction_id)
        .select_related("cohort", "jurisdiction")
    }
    wanted = words(f"{request.title} {request.description}")
    module_number = request.module.number if request.module_id else None
    accepted = Deliverable.objects.filter(
        team_id__in=candidates, status=Deliverable.Status.ACCEPTED
    ).select_related("module")
    for deliverable in accepted:
        suggestion = candidates[deliverable.team_id]
        module = deliverable.module
        if module.number == module_number:
            suggestion.add(3, f"Accepted deliverable for Module {module.number}: {module.title}")
        shared = _shared(wanted, _deliverable_text(deliverable))
        if shared:
            suggestion.add(
                len(shared), f"Its Module {module.number} deliverable mentions {', '.join(shared)}"
            )
    resolved = TARequest.objects.filter(
        team_id__in=candidates, status__in=(TARequest.Status.RESOLVED, TARequest.Status.CLOSED)
    ).exclude(pk=request.pk)
    for other in resolved:
        suggestion = candidates[other.team_id]
        if other.category == request.category:
            suggestion.add(
                2, f"Resolved a request on {other.get_category_display().lower()}: “{other.title}”"
            )
        shared = _shared(wanted, f"{other.title} {other.description}")
        if shared:
            suggestion.add(len(shared), f"Its request “{other.title}” mentions {', '.join(shared)}")
    _score_forum_answers(candidates, wanted)
    found = [suggestion for suggestion in candidates.values() if suggestion.score > 0]
    found.sort(key=lambda s: (-s.score, s.team.name, s.team.pk))
    return found[:limit]


def _score_forum_answers(candidates: dict[int, Suggestion], wanted: set[str]) -> None:
    teams_of = defaultdict(list)
    for user_id, team_id in Membership.objects.filter(
        team_id__in=candidates, removed_at__isnull=True
    ).values_list("user_id", "team_id"):
        teams_of[user_id].append(team_id)
    for post in helpful_answers_by(list(teams_of)):
        title = post.thread.title
        shared = _shared(wanted, f"{title} {post.body}")
        for team_id in teams_of[post.author_id]:
            suggestion = candidates[team_id]
            if post.accepted:
                suggestion.add(2, f"A member's forum answer was accepted on “{title}”")
            elif post.helpful:
                people = "person" if post.helpful == 1 else "people"
                suggestion.add(
                    1, f"A member's forum post on “{title}” helped {post.helpful} {people}"
                )
            if shared:
                suggestion.add(
                    len(shared), f"Its forum answer on “{title}” mentions {', '.join(shared)}"
                )

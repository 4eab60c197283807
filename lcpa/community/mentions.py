"""@mentions in a post: a person by name (`@Dana Ruiz`), a team by its slug (`@amherst-team`)
or by its jurisdiction's name (`@Amherst`). Quoted lines (`> ...`) mention nobody again.

Only the people who may open the thread are ever returned, so a mention never tells anyone
about a thread they cannot see."""

import re

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.community.access import can_open_thread
from lcpa.community.models import Space, Thread

MENTION = re.compile(r"(?<![\w@])@([^\s@][^@\n]{0,120})")
WORDS_IN_A_NAME = 4
TRAILING = ".,;:!?)]}\"'’”*_"


def mention_phrases(body: str) -> set[str]:
    """Every lower-cased phrase of one to four words right after an `@`, outside quotes."""
    phrases = set()
    for line in body.splitlines():
        if line.lstrip().startswith(">"):
            continue
        for match in MENTION.finditer(line):
            words = match.group(1).split()[:WORDS_IN_A_NAME]
            for count in range(1, len(words) + 1):
                phrase = " ".join(words[:count]).rstrip(TRAILING).lower()
                if phrase:
                    phrases.add(phrase)
    return phrases


def _teams_of(space: Space):
    teams = Team.objects.select_related("jurisdiction")
    if space.kind == Space.Kind.COHORT:
        return teams.filter(cohort_id=space.cohort_id)
    if space.kind == Space.Kind.COMMUNITY:
        return teams.filter(cohort__learning_community_id=space.learning_community_id)
    return teams.all()


def mentioned_people(thread: Thread, body: str) -> list[User]:
    """The people the body mentions, by name or through their team, who may open the thread."""
    phrases = mention_phrases(body)
    if not phrases:
        return []
    teams = [
        team.pk
        for team in _teams_of(thread.space)
        if slugify(team.name) in phrases or team.jurisdiction.name.lower() in phrases
    ]
    people = (
        User.objects.annotate(name=Lower("full_name"))
        .filter(is_active=True)
        .filter(
            Q(name__in=phrases)
            | Q(memberships__team__in=teams, memberships__removed_at__isnull=True)
        )
        .distinct()
        .order_by("pk")
    )
    return [person for person in people if can_open_thread(person, thread)]

"""The resource library: who sees which resources, and full-text search over them.

Search runs on PostgreSQL's full-text engine (ranked, stemmed, web-search syntax) and falls back
on SQLite to "every word appears in the title, summary or topics". For single words and plain
phrases both give the same resources.
"""

import re

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.models import Cohort, Membership, Resource

SEARCH_CONFIG = "english"
SEARCH_FIELDS = ("title", "summary", "topics")
MAX_QUERY_LENGTH = 200


def sees_members_only_resources(user: User) -> bool:
    """Team members, program staff, national experts, TA providers and cohort facilitators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_program_staff(user):
        return True
    if user.role in (User.Role.NATIONAL_EXPERT, User.Role.TA_PROVIDER):
        return True
    if Membership.objects.filter(user=user, removed_at__isnull=True).exists():
        return True
    return Cohort.objects.filter(
        Q(facilitators=user) | Q(experts=user) | Q(ta_providers=user)
    ).exists()


def resources_for_user(user: User) -> QuerySet[Resource]:
    """Public resources for everyone; members-only ones too for people who may see them."""
    if sees_members_only_resources(user):
        return Resource.objects.all()
    return Resource.objects.filter(visibility=Resource.Visibility.PUBLIC)


def get_resource_for_user(user: User, pk: int) -> Resource:
    try:
        return resources_for_user(user).get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404 from None


def clean_query(text: str) -> str:
    """The query on one line, cut to MAX_QUERY_LENGTH at a word boundary."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    return text


def search_words(text: str) -> list[str]:
    """The words of a query, without quotes and surrounding punctuation."""
    words = []
    for raw in clean_query(text).split():
        word = raw.strip("\"'“”‘’.,;:!?()[]{}")
        if word and word.lower() != "or":
            words.append(word)
    return words


def _postgres_search(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("topics", weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="C", config=SEARCH_CONFIG)
    )
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        resources.annotate(search=vector, rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "title", "pk")
    )


def _word_matches(word: str) -> Q:
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def _fallback_search(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    words = search_words(text)
    for word in words:
        if word.startswith("-") and len(word) > 1:
            resources = resources.exclude(_word_matches(word[1:]))
        else:
            resources = resources.filter(_word_matches(word.lstrip("-")))
    wanted = [word for word in words if not word.startswith("-")]
    title_hits = sum(
        (
            Case(
                When(title__icontains=word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in wanted
        ),
        Value(0),
    )
    return resources.annotate(rank=title_hits).order_by("-rank", "title", "pk")


def resource_search(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    """Resources matching the query, best first. An empty query returns them all by title."""
    text = clean_query(text)
    if not search_words(text):
        return resources.order_by("title", "pk")
    if connection.vendor == "postgresql":
        return _postgres_search(resources, text)
    return _fallback_search(resources, text)


def topics_of(resources: QuerySet[Resource]) -> list[str]:
    """Every topic used by these resources, once each, alphabetically."""
    seen: dict[str, str] = {}
    for topics in resources.values_list("topics", flat=True):
        for topic in topics.split(","):
            topic = topic.strip()
            if topic:
                seen.setdefault(topic.lower(), topic)
    return sorted(seen.values(), key=str.lower)


def with_topic(resources: QuerySet[Resource], topic: str) -> QuerySet[Resource]:
    """Resources tagged with exactly this topic (case ignored), not merely containing the text."""
    wanted = topic.strip().lower()
    candidates = resources.filter(topics__icontains=wanted).values_list("pk", "topics")
    pks = [
        pk
        for pk, topics in candidates
        if wanted in (part.strip().lower() for part in topics.split(","))
    ]
    return resources.filter(pk__in=pks)

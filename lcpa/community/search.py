"""Search over the forum's posts (and their threads' titles), on what the searcher may open.

As for the resource library (`lcpa.library.search`, whose query cleaning this reuses):
PostgreSQL's ranked full-text search, and on SQLite "every word appears in the post or its
thread's title". The caller passes only the posts the user can open (`posts_for_user`), so a
result is never something the searcher could not read.
"""

from django.db import connection
from django.db.models import Q, QuerySet

from lcpa.community.models import Post
from lcpa.library.search import clean_query, search_words

SEARCH_CONFIG = "english"


def _postgres_search(posts: QuerySet[Post], text: str) -> QuerySet[Post]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("thread__title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        posts.annotate(search=vector, rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "-created_at", "-pk")
    )


def _word_matches(word: str) -> Q:
    return Q(body__icontains=word) | Q(thread__title__icontains=word)


def _fallback_search(posts: QuerySet[Post], text: str) -> QuerySet[Post]:
    for word in search_words(text):
        if word.startswith("-") and len(word) > 1:
            posts = posts.exclude(_word_matches(word[1:]))
        else:
            posts = posts.filter(_word_matches(word.lstrip("-")))
    return posts.order_by("-created_at", "-pk")


def post_search(posts: QuerySet[Post], text: str) -> QuerySet[Post]:
    """The posts matching the query, best first; an empty query matches nothing."""
    text = clean_query(text)
    if not search_words(text):
        return posts.none()
    if connection.vendor == "postgresql":
        return _postgres_search(posts, text)
    return _fallback_search(posts, text)

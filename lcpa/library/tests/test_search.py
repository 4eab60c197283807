"""Full-text search over the library gives the same resources on SQLite and PostgreSQL.

Run this module on both databases (see CONTRIBUTING): PostgreSQL uses its ranked full-text
search, SQLite the every-word fallback; simple queries must agree.
"""

import pytest
from django.urls import reverse

from lcpa.library.models import Resource
from lcpa.library.search import resource_search, search_words


@pytest.fixture
def library(db):
    rows = [
        ("Mobile crisis team playbook", "Standing up responders for behavioral health calls.",
         "Crisis response, Staffing"),
        ("Budget worksheet", "Estimate the cost of a crisis line and a mobile team.",
         "Funding"),
        ("Crash data inventory", "Which crash and citation records a city holds.",
         "Data, Traffic safety"),
        ("Violence interrupter hiring guide", "Recruiting people with lived experience.",
         "Hiring, Community violence intervention"),
        ("School referral baseline", "Counting referrals to police from schools.",
         "Data, Schools"),
    ]  # fmt: skip
    return {
        title: Resource.objects.create(title=title, summary=summary, topics=topics)
        for title, summary, topics in rows
    }


def found(text: str) -> list[str]:
    return [resource.title for resource in resource_search(Resource.objects.all(), text)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budget", {"Budget worksheet"}),
        ("BUDGET", {"Budget worksheet"}),
        ("referral", {"School referral baseline"}),
        ("citation", {"Crash data inventory"}),  # only in the summary
        ("staffing", {"Mobile crisis team playbook"}),  # only in the topics
        ("data", {"Crash data inventory", "School referral baseline"}),
        ("crisis", {"Mobile crisis team playbook", "Budget worksheet"}),
        ("mobile team", {"Mobile crisis team playbook", "Budget worksheet"}),
        ("crisis budget", {"Budget worksheet"}),  # every word must match
        ("data schools", {"School referral baseline"}),
        ("crisis -budget", {"Mobile crisis team playbook"}),
        ('"lived experience"', {"Violence interrupter hiring guide"}),
        ("zeppelin", set()),
        ("crisis zeppelin", set()),
    ],
)
def test_simple_queries_find_the_same_resources_on_every_database(library, query, expected):
    assert set(found(query)) == expected


def test_a_title_match_ranks_above_a_summary_match(library):
    assert found("crisis") == ["Mobile crisis team playbook", "Budget worksheet"]


def test_an_empty_query_lists_everything_by_title(library):
    assert found("   ") == sorted(library)
    assert found("") == sorted(library)


def test_punctuation_and_quotes_do_not_break_the_search(library):
    assert set(found("budget!")) == {"Budget worksheet"}
    assert set(found("'crash' (data)")) == {"Crash data inventory"}
    assert found("&|!:*") == []


def test_a_very_long_query_is_cut_short_without_error(library):
    assert found("budget " * 200) == ["Budget worksheet"]


def test_search_words_drop_quotes_and_the_or_keyword():
    assert search_words('"lived experience" or budget,') == ["lived", "experience", "budget"]


def test_the_library_page_searches_with_the_database_in_use(client, library):
    response = client.get(reverse("library:resources"), {"q": "crisis budget"})
    assert [r.title for r in response.context["page"].object_list] == ["Budget worksheet"]

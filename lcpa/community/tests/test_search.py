"""Forum search never returns a post the searcher cannot open. Run on SQLite and PostgreSQL."""

import uuid

import pytest
from django.urls import reverse

from lcpa.community.models import Post, Space
from lcpa.community.search import post_search
from lcpa.community.services import (
    post_moderate,
    spaces_ensure,
    thread_moderate,
    thread_move,
    thread_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(cast) -> dict[str, Post]:
    spaces_ensure()
    spaces = {
        "cohort": Space.objects.get(cohort=cast.cohort),
        "other cohort": Space.objects.get(cohort=cast.other_cohort),
        "community": Space.objects.get(learning_community=cast.cohort.learning_community),
        "program": Space.objects.get(kind=Space.Kind.PROGRAM),
    }
    made = {}
    for name, space in spaces.items():
        thread = thread_start(
            submission_key=uuid.uuid4(),
            space=space,
            category=None,
            title=f"Clinician staffing in the {name} space",
            body=f"Our clinician schedule, told in the {name} space.",
            is_question=False,
            by=cast.staff,
        )
        made[name] = thread.posts.get()
    return made


def _found(client, user, text: str) -> str:
    client.force_login(user)
    response = client.get(reverse("community:search"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_each_person_finds_only_posts_in_their_spaces(cast, client, posts):
    seen_by = {
        cast.member_a1: {"cohort", "community", "program"},
        cast.outsider: {"other cohort", "community", "program"},
        cast.staff: {"cohort", "other cohort", "community", "program"},
    }
    for person, names in seen_by.items():
        page = _found(client, person, "clinician")
        for name in posts:
            assert (f"in the {name} space." in page) == (name in names), (person, name)


def test_a_hidden_post_or_thread_is_found_by_staff_only(cast, client, posts):
    post_moderate(post=posts["cohort"], hidden=True, by=cast.staff)
    thread_moderate(thread=posts["program"].thread, action="hide", by=cast.staff)
    member_page = _found(client, cast.member_b, "clinician")
    assert "in the cohort space." not in member_page
    assert "in the program space." not in member_page
    assert "in the community space." in member_page
    staff_page = _found(client, cast.staff, "clinician")
    assert "in the cohort space." in staff_page and "in the program space." in staff_page


def test_every_word_must_match_and_an_empty_query_finds_nothing(cast, posts):
    visible = Post.objects.all()
    assert set(post_search(visible, "clinician community")) == {posts["community"]}
    assert list(post_search(visible, "   ")) == []
    assert list(post_search(visible, "nowhere")) == []


def test_search_words_and_results_are_escaped(cast, client, posts):
    page = _found(client, cast.member_a1, "<script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert "Nothing matches." in page


def test_a_thread_moved_into_a_cohort_space_is_no_longer_found_outside_it(cast, client, posts):
    program_post = posts["program"]
    assert "in the program space." in _found(client, cast.outsider, "clinician")
    thread_move(
        thread=program_post.thread,
        space=Space.objects.get(cohort=cast.cohort),
        category=None,
        by=cast.staff,
    )
    assert "in the program space." not in _found(client, cast.outsider, "clinician")
    assert "in the program space." in _found(client, cast.member_b, "clinician")

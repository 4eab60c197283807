import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_says_what_personal_data_is_held_and_who_sees_it(client):
    response = client.get(reverse("public:privacy"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Privacy notice</h1>" in page
    for words in (
        "Interest registrations",
        "Contact messages",
        "Team data",
        "Who can see it",
        "Program staff",
        "numbers smaller than 10 are hidden",
        "Ask to see, correct or delete your information",
    ):
        assert words in page, words
    assert reverse("public:contact") in page


def test_the_contact_form_links_to_it(client):
    assert reverse("public:privacy") in client.get(reverse("public:contact")).content.decode()

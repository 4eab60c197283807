from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lcpa.cohorts.services import cohort_create
from lcpa.core.markdown import render_markdown
from lcpa.curriculum.content import CONTENT_DIR, ContentError, read_directory, read_file
from lcpa.curriculum.models import DeliverablePrompt, LearningCommunity, Module

pytestmark = pytest.mark.django_db

SLUGS = [
    "community-violence-intervention",
    "crisis-systems",
    "school-based-diversion",
    "traffic-safety",
]


def load(*args) -> str:
    out = StringIO()
    call_command("load_curriculum", *args, stdout=out)
    return out.getvalue()


def copy_content(tmp_path: Path) -> Path:
    for path in CONTENT_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_it_loads_four_learning_communities_with_five_modules_and_their_prompts():
    output = load()
    assert "Created learning community Crisis Systems." in output
    assert sorted(LearningCommunity.objects.values_list("slug", flat=True)) == SLUGS
    for community in LearningCommunity.objects.all():
        assert list(community.modules.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
        for module in community.modules.all():
            assert module.prompts.exists(), module
    vision = DeliverablePrompt.objects.get(
        module__learning_community__slug="crisis-systems", key="crisis_vision"
    )
    assert vision.kind == DeliverablePrompt.Kind.LONG_TEXT
    assert vision.module.number == 1


def test_running_it_again_changes_nothing_and_says_so():
    load()
    before = {
        prompt.pk: (prompt.label, prompt.updated_at) for prompt in DeliverablePrompt.objects.all()
    }
    history = DeliverablePrompt.history.count()
    assert "nothing changed" in load()
    after = {
        prompt.pk: (prompt.label, prompt.updated_at) for prompt in DeliverablePrompt.objects.all()
    }
    assert after == before
    assert DeliverablePrompt.history.count() == history


def test_it_updates_what_changed_removes_dropped_prompts_and_never_touches_a_cohorts_copy(
    tmp_path,
):
    load()
    crisis = LearningCommunity.objects.get(slug="crisis-systems")
    cohort = cohort_create(
        learning_community=crisis,
        name="Crisis Systems cohort 9",
        starts_on=crisis.created_at.date(),
        ends_on=crisis.created_at.date().replace(year=crisis.created_at.year + 1),
    )
    copy_before = list(cohort.modules.order_by("number").values_list("title", "prompts"))

    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: Shared vision, goals and team charter for crisis response",
        "title: Vision, goals and charter",
    )
    start = text.index("  - key: current_path")
    end = text.index("  - key: priority_calls")
    path.write_text(text[:start] + text[end:], encoding="utf-8")

    output = load("--directory", str(directory))
    assert "Updated Crisis systems module 1: title." in output
    assert "Removed Crisis systems module 1 prompt current_path" in output
    module = Module.objects.get(learning_community=crisis, number=1)
    assert module.title == "Vision, goals and charter"
    assert not module.prompts.filter(key="current_path").exists()
    assert [p.key for p in module.prompts.order_by("position")][:2] == [
        "crisis_vision",
        "priority_calls",
    ]
    assert module.history.first().title == "Vision, goals and charter"
    assert list(cohort.modules.order_by("number").values_list("title", "prompts")) == copy_before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    kind: long_text\n", "    kind: essay\n"),
            "crisis-systems.yaml, line 54, modules[0].prompts[0].kind: Input should be",
        ),
        (
            ("implementing_sector: behavioral_health", "implementing_sector: wellness"),
            "crisis-systems.yaml, line 7, implementing_sector: Input should be",
        ),
        (("- number: 5\n", "- number: 4\n"), "modules must be numbered 1 to 5, once each"),
        (
            ("  deliverable_name: Data inventory", "  deliverable: Data inventory"),
            "line 95, modules[1].deliverable: Extra inputs are not permitted",
        ),
        (("slug: crisis-systems", "slug: crisis"), "'crisis' must match the file name"),
        (
            ("name: Crisis Systems\n", "name: [Crisis\n"),
            "crisis-systems.yaml, line 5: not valid YAML",
        ),
    ],
)
def test_a_wrong_file_is_refused_with_its_name_line_and_field(tmp_path, change, expected):
    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    text = path.read_text(encoding="utf-8")
    old, new = change
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    with pytest.raises(ContentError) as error:
        read_file(path)
    assert expected in str(error.value)
    with pytest.raises(CommandError, match="The curriculum was not loaded"):
        load("--directory", str(directory))
    assert not LearningCommunity.objects.exists()


def test_a_prompt_that_refers_to_a_later_or_unknown_prompt_is_refused(tmp_path):
    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - key: crisis_vision\n", "  - key: crisis_vision\n    refers_to: nowhere\n", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="refers to 'nowhere', which is not an earlier prompt"):
        read_file(path)


def test_check_only_reads_the_files():
    assert "4 curriculum files are valid." in load("--check")
    assert not LearningCommunity.objects.exists()


def test_the_learning_community_page_reads_from_the_files(client):
    load()
    for file in read_directory():
        spec = file.spec
        page = client.get(reverse("public:learning_community", args=[spec.slug]))
        assert page.status_code == 200
        html = page.content.decode()
        assert spec.name in html
        assert spec.tagline in html
        assert str(render_markdown(spec.purpose)) in html
        for module in spec.modules:
            assert module.title in html.replace("&#x27;", "'")
            assert module.deliverable_name in html

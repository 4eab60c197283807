import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from lcpa.curriculum.content import ContentError, read_directory
from lcpa.curriculum.models import DeliverablePrompt
from lcpa.demo.content import (
    CONTENT_DIR,
    DaysAfterStart,
    PerCapita,
    YearEnd,
    read_content,
)

AS_OF = read_content(today=date(2026, 12, 1)).today
Kind = DeliverablePrompt.Kind


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    return directory


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_files_as_written_tell_the_story_as_of_their_date():
    content = read_content(today=AS_OF)
    assert content.today == AS_OF == date(2026, 12, 1)
    assert content.cohorts.cohorts[2].starts_on == date(2026, 8, 31)


@pytest.mark.parametrize(
    "today",
    [AS_OF + timedelta(days=days) for days in range(-8, 15)]
    + [date(2027, 6, 13), date(2029, 2, 28), date(2031, 1, 1), date(2026, 1, 5)],
)
def test_it_moves_the_story_by_whole_weeks_so_one_cohort_is_always_in_module_3(today):
    content = read_content(today=today)
    written = read_content(today=AS_OF)

    # The story's today is the last day on or before today that falls on as_of's weekday.
    assert today - timedelta(days=6) <= content.today <= today
    assert content.today.weekday() == AS_OF.weekday()
    shift = content.today - AS_OF
    assert shift.days % 7 == 0
    for cohort, as_written in zip(content.cohorts.cohorts, written.cohorts.cohorts, strict=True):
        assert cohort.starts_on == as_written.starts_on + shift
        assert cohort.ends_on == as_written.ends_on + shift
        for team, team_written in zip(cohort.teams, as_written.teams, strict=True):
            assert [e.day for e in team.story] == [e.day + shift for e in team_written.story]
            assert all(event.day < today for event in team.story)

    cohorts = content.cohorts.cohorts
    under_way = [cohort for cohort in cohorts if cohort.starts_on <= today <= cohort.ends_on]
    assert len(under_way) == 1
    assert sum(cohort.ends_on < today for cohort in cohorts) == 2
    assert sum(cohort.starts_on > today for cohort in cohorts) == 1
    # Module due dates as cohort_create sets them: module 2 is more than two weeks past due
    # (the team that is behind shows as late), module 3 is not due yet.
    cohort = under_way[0]
    span = (cohort.ends_on - cohort.starts_on) / 5
    assert cohort.starts_on + span * 2 + timedelta(days=14) < today
    assert today < cohort.starts_on + span * 3
    assert 92 <= (today - cohort.starts_on).days <= 98


def test_it_names_the_file_line_and_field_of_a_mistake(content_dir):
    replace(
        content_dir / "cohorts.yaml",
        "  learning_community: crisis-systems\n",
        "  learning_community: crisis-systems\n  colour: red\n",
    )
    replace(content_dir / "resources.yaml", "  kind: template\n", "  kind: leaflet\n")
    lines = (content_dir / "cohorts.yaml").read_text().splitlines()
    line = lines.index("  colour: red") + 1

    with pytest.raises(ContentError) as error:
        read_content(today=AS_OF, directory=content_dir)

    message = str(error.value)
    assert f"cohorts.yaml, line {line}, cohorts[0].colour: Extra inputs are not permitted" in (
        message
    )
    assert "resources.yaml, line 7, resources[0].kind: Input should be" in message


def test_it_refuses_a_story_that_happens_on_or_after_its_as_of_date(content_dir):
    replace(
        content_dir / "cohorts.yaml", "day: 2026-11-29, module: 3", "day: 2026-12-01, module: 3"
    )

    with pytest.raises(ContentError, match="the story must happen before as_of"):
        read_content(today=AS_OF, directory=content_dir)


def test_it_refuses_names_that_another_file_does_not_have(content_dir):
    replace(content_dir / "cohorts.yaml", "  - Redmond, WA\n", "  - Atlantis, WA\n")
    replace(
        content_dir / "registrations.yaml",
        "learning_community: crisis-systems",
        "learning_community: space-policing",
    )

    with pytest.raises(ContentError) as error:
        read_content(today=AS_OF, directory=content_dir)

    message = str(error.value)
    assert "cohorts.yaml, cohorts[0].teams[2].place: 'Atlantis, WA' is not in places.yaml" in (
        message
    )
    assert "registrations.yaml, duplicate.learning_community: 'space-policing' is not in " in (
        message
    )


def test_every_answer_is_for_a_prompt_of_its_learning_community_and_fits_its_kind():
    prompts = {
        file.spec.slug: {
            prompt.key: prompt for module in file.spec.modules for prompt in module.prompts
        }
        for file in read_directory()
    }
    answers = read_content(today=AS_OF).answers.answers
    assert set(answers) == set(prompts)
    for slug, written in answers.items():
        for key, answer in written.items():
            prompt = prompts[slug].get(key)
            assert prompt is not None, f"{slug}: no prompt {key!r}"
            where = f"{slug}.{key} ({prompt.kind})"
            if prompt.kind == Kind.TABLE:
                assert isinstance(answer, tuple) and answer, where
                assert all(len(row) == len(prompt.options) for row in answer), where
            elif prompt.kind == Kind.CHOICE:
                assert isinstance(answer, int) and 0 <= answer < len(prompt.options), where
            elif prompt.kind == Kind.NUMBER:
                assert isinstance(answer, int | PerCapita), where
            elif prompt.kind == Kind.DATE:
                assert isinstance(answer, DaysAfterStart | YearEnd), where
            elif prompt.kind == Kind.FILE:
                pytest.fail(f"{where}: a file prompt is never answered")
            else:
                texts = answer if isinstance(answer, tuple) else (answer,)
                assert texts and all(isinstance(text, str) for text in texts), where

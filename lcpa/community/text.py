"""What the forum writes into Markdown: a quoted reply, a copy of a deliverable's answers."""

from django.utils import timezone

from lcpa.cohorts.actionplan import answers_for
from lcpa.cohorts.models import Deliverable
from lcpa.community.models import Post


def author_name(post: Post) -> str:
    """The name shown for a post's author: a deleted account is a former member."""
    if post.author is None:
        return "Former member"
    return post.author.full_name or post.author.email


def quote_markdown(post: Post) -> str:
    """A Markdown blockquote of the post, headed by who wrote it, to start a reply with."""
    lines = post.body.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"> **{author_name(post)}** wrote:\n>\n{quoted}\n\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def deliverable_markdown(deliverable: Deliverable) -> str:
    """The deliverable's answers as they are now, one section per prompt (files by name only:
    they stay with the team)."""
    module = deliverable.module
    day = timezone.localdate(deliverable.updated_at)
    parts = [
        f"*{deliverable.team.name} shares its {module.deliverable_name} (module {module.number}, "
        f"{module.title}) as it was on {day:%B} {day.day}, {day:%Y}.*"
    ]
    for answer in answers_for(module.prompts, deliverable.answers, list(deliverable.files.all())):
        parts.append(f"### {answer.label}")
        if answer.is_empty:
            parts.append("*Not answered.*")
        elif answer.is_table:
            header = "| " + " | ".join(_cell(column) for column in answer.columns) + " |"
            rule = "|" + " --- |" * len(answer.columns)
            rows = ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in answer.rows]
            parts.append("\n".join([header, rule, *rows]))
        elif answer.is_file:
            names = ", ".join(file.original_name for file in answer.files)
            parts.append(f"Files kept by the team: {names}")
        else:
            parts.append(answer.text)
    return "\n\n".join(parts) + "\n"

"""What the forum reads out of and writes into Markdown: a quoted reply."""

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

"""Small helpers for the words the site writes."""


def counted(number: int, thing: str, things: str = "") -> str:
    """ "1 member", "2 members", "0 members"; `things` for plurals that do not add an s."""
    return f"{number:,} {thing if number == 1 else things or thing + 's'}"

"""Showing names taken from a user's file safely in a one-line message."""

import unicodedata

MAX_SHOWN = 60


def show(name: object) -> str:
    """``name`` with control and other invisible characters escaped, shortened to a readable size.

    A column name from a random or hostile file must not move the cursor, ring the bell or clear
    the terminal when an error message quotes it.
    """
    text = str(name)
    out = []
    for ch in text[:MAX_SHOWN]:
        if unicodedata.category(ch)[0] in "CZ" and ch != " ":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out) + ("..." if len(text) > MAX_SHOWN else "")

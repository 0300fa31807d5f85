def format_cents(cents: int) -> str:
    return f"{cents / 100:.2f}"


def slugify(text: str) -> str:
    return text.lower().replace(" ", "-")

def slugify(text: str) -> str:
    return "-".join(text.lower().split())


def truncate(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

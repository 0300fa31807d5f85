import sys

from .db import Base, engine


def main() -> int:
    Base.metadata.create_all(engine)
    print("tables created", file=sys.stderr)
    return 0


def seed() -> None:
    from .models import Customer

    print(Customer(email="a@example.com").display_name())

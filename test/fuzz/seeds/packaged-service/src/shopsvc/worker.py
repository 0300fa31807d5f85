import argparse
import time

from .db import SessionLocal
from .models import Order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queue", default="default")
    args = parser.parse_args(argv)
    while True:
        with SessionLocal() as session:
            pending = session.query(Order).filter(Order.total_cents == 0).count()
        print(f"[{args.queue}] {pending} orders without a total")
        time.sleep(30)


if __name__ == "__main__":
    raise SystemExit(main())

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Customer:
    id: int
    email: str


@dataclass
class Order:
    id: int
    customer_id: int
    total_cents: int
    created_at: datetime = field(default_factory=datetime.utcnow)

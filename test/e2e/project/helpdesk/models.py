from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Agent:
    id: int
    name: str
    email: str


@dataclass
class Ticket:
    id: int
    title: str
    priority: int
    assignee_id: int | None = None
    opened_at: datetime = field(default_factory=datetime.now)

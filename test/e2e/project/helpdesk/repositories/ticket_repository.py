from typing import Optional

from helpdesk.models import Ticket


class TicketRepository:
    def __init__(self) -> None:
        self._rows: dict[int, Ticket] = {}

    def get(self, ticket_id: int) -> Optional[Ticket]:
        return self._rows.get(ticket_id)

    def add(self, ticket: Ticket) -> Ticket:
        self._rows[ticket.id] = ticket
        return ticket

    def list_open(self, limit: int = 20) -> list[Ticket]:
        return [t for t in self._rows.values() if t.assignee_id is None][:limit]

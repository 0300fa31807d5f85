import logging

from helpdesk.repositories.ticket_repository import TicketRepository
from helpdesk.services.notifications import subject

log = logging.getLogger(__name__)


class TicketService:
    def __init__(self, repo: TicketRepository) -> None:
        self.repo = repo

    def open_ticket(self, title: str, priority: int = 3) -> str:
        ticket = Ticket(id=len(self.repo.list_open()) + 1, title=title, priority=priority)
        self.repo.add(ticket)
        log.info("opened %s", subject(ticket))
        return subject(ticket)

    def assign(self, ticket_id: int, agent_id: int) -> None:
        ticket = self.repo.get(ticket_id)
        if ticket is not None:
            ticket.assignee_id = agent_id
            self.repo.save(ticket)

import logging

from helpdesk.repositories.ticket_repository import TicketRepository

log = logging.getLogger(__name__)


def digest(repo: TicketRepository) -> list:
    return [f"{slugify(t.title)}: {t.priority}" for t in repo.list_open() if isinstance(t, Ticket)]

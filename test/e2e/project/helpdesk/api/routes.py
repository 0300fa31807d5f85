from fastapi import APIRouter

from helpdesk.repositories.ticket_repository import TicketRepository
from helpdesk.schemas import TicketOut
from helpdesk.services import TicketService
from helpdesk.utils import slugfy

router = APIRouter()
service = TicketService(TicketRepository())


@router.post("/tickets")
def create_ticket(title: str) -> "TicketOut":
    return TicketOut(subject=service.open_ticket(title, urgency=1), slug=slugfy(title))


@router.get("/tickets/open")
def open_tickets() -> list:
    return service.repo.list_open(limit=10)

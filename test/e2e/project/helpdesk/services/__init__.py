from .ticket_service import TicketService

__all__ = ["TicketService"]

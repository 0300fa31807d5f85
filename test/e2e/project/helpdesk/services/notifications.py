from helpdesk.models import Agent, Ticket
from helpdesk.utils import truncate


def subject(ticket: Ticket) -> str:
    return f"[P{ticket.priority}] {truncate(ticket.title)}"


def greeting(agent: Agent) -> str:
    return f"Hello {agent.name}"

import logging

from app import utils
from app.repositories.order_repository import OrderRepo  # expect: unknown-import-name
from app.services.payment_service import charge_card  # expect: unresolved-module

log = logging.getLogger(__name__)


class OrderService:
    def __init__(self, repository: "OrderRepo") -> None:
        self.repository = repository

    def place(self, customer_id: int, total_cents: int) -> "Order":
        order = Order(id=len(self.repository._orders) + 1, customer_id=customer_id, total_cents=total_cents)  # expect: undefined-name
        charge_card(customer_id, total_cents)
        log.info("placed order %s for %s", order.id, utils.format_price(total_cents))  # expect: unknown-module-attribute
        return self.repository.add(order)

    def receipt(self, order_id: int) -> str:
        order = self.repository.get(order_id)
        placed = datetime.now()  # expect: undefined-name
        return f"{order_id}: {utils.format_cents(order.total_cents)} at {placed:%Y-%m-%d}"

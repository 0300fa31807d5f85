from typing import Optional

from app.models import Order


class OrderRepository:
    def __init__(self) -> None:
        self._orders: dict[int, Order] = {}

    def get(self, order_id: int) -> Optional[Order]:
        return self._orders.get(order_id)

    def add(self, order: Order) -> Order:
        self._orders[order.id] = order
        return order

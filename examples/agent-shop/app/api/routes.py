from fastapi import APIRouter, HTTPException

from app.services import OrderService
from app.repositories.order_repository import OrderRepository
from app.schemas import OrderOut  # expect: unresolved-module

router = APIRouter()
service = OrderService(OrderRepository())


@router.post("/orders")
def create_order(customer_id: int, total_cents: int) -> "OrderOut":
    order = service.place(customer_id, total_cents)
    if order is None:
        raise HTTPException(status_code=500)
    return OrderOut.from_order(order)


@router.get("/orders/{order_id}")
def read_order(order_id: int) -> str:
    return service.receipt(order_id, currency="EUR")  # expect: call-signature


@router.delete("/orders/{order_id}")
def cancel_order(order_id: int) -> None:
    service.cancel(order_id)  # expect: unknown-attribute

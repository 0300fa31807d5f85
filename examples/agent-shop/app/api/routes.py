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

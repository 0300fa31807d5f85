from .order_service import OrderService

__all__ = ["OrderService"]

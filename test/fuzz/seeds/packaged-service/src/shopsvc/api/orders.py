from flask import Blueprint, abort, render_template, request, url_for, redirect
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import SessionLocal
from ..models import Customer, Order
from ..schemas import OrderOut
from ..settings import PAGE_SIZE

bp = Blueprint("orders", __name__)


@bp.route("/")
def index():
    page = int(request.args.get("page", 1))
    with SessionLocal() as session:
        stmt = select(Order).options(selectinload(Order.customer)).order_by(Order.id.desc())
        orders = session.scalars(stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template("orders/index.html", orders=[OrderOut.model_validate(o) for o in orders])


@bp.route("/<int:order_id>")
def detail(order_id: int):
    with SessionLocal() as session:
        order = session.get(Order, order_id)
        if order is None:
            abort(404)
        return render_template("orders/detail.html", order=order, customer=order.customer.display_name())


@bp.post("/<int:customer_id>/new")
def create(customer_id: int):
    with SessionLocal() as session, session.begin():
        customer = session.get(Customer, customer_id) or abort(404)
        session.add(Order(customer=customer, total_cents=int(request.form["total_cents"])))
    return redirect(url_for("orders.index"))

from flask import Flask, jsonify

from .api.orders import bp as orders_bp
from .db import SessionLocal


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})
    app.register_blueprint(orders_bp, url_prefix="/orders")

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    @app.teardown_appcontext
    def close_session(exc: BaseException | None) -> None:
        SessionLocal.close_all()

    return app

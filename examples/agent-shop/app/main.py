from fastapi import FastAPI

from app.api.routes import router
from app.api import health  # expect: unknown-import-name

app = FastAPI(title="agent-shop")
app.include_router(router)
app.include_router(health.router)

from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy import create_engine

from .settings import DATABASE_URL


class Base(DeclarativeBase):
    pass


engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)

from .settings import *  # noqa: F401,F403

DEBUG = False
SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://shop:shop@db/shop"

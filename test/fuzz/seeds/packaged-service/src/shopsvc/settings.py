import os

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///shop.db")
DEBUG = os.environ.get("DEBUG", "0") == "1"
PAGE_SIZE = 50

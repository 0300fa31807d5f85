import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WORKERS", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "shopsvc.app:create_app()"
accesslog = "-"

from setuptools import find_packages, setup

REQUIRES = [
    "flask>=2.3",
    "sqlalchemy>=2.0,<2.1",
    "alembic",
    'pydantic[email]==2.7.*',
]

setup(
    name="shopsvc",
    version="0.3.1",
    package_dir={"": "src"},
    packages=find_packages("src"),
    install_requires=REQUIRES,
    extras_require={"dev": ["pytest", "factory-boy"]},
    entry_points={
        "console_scripts": ["shopsvc-admin=shopsvc.cli:main"],
    },
)

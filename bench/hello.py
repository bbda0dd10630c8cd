"""The baseline for the HTTP benchmark: a bare Flask "hello" app, run under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"

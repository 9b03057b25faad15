"""A bare FastAPI app with one synchronous route: the floor any route of ours is measured against."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> dict:
    return {"status": "ok"}

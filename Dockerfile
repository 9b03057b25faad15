FROM python:3.11-slim
WORKDIR /srv/nabij
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY data/themes.json ./data/themes.json
COPY data/demo ./data/demo
RUN pip install --no-cache-dir .
ENV NABIJ_DATABASE_URL=sqlite:////srv/nabij/data/nabij.db PORT=8000
EXPOSE 8000
CMD ["sh", "-c", "nabij migrate && exec uvicorn app.main:create_app --factory --host 0.0.0.0 --port ${PORT}"]

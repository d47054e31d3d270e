# One image for the web process and every kind of worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    EXHALE_VAR_DIR=/data \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --create-home --uid 1000 exhale && mkdir -p /data && chown exhale /data

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -e '.[ml]'

COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost EXHALE_VAR_DIR=/tmp/build \
    python manage.py collectstatic --noinput

USER exhale
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
ENV DJANGO_SETTINGS_MODULE=btxh.settings.production PYTHONUNBUFFERED=1
RUN DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db CELERY_BROKER_URL=redis://localhost DJANGO_ALLOWED_HOSTS=x \
    python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app btxh && mkdir -p /app/media && chown btxh /app/media
USER btxh
EXPOSE 8000
CMD ["gunicorn", "btxh.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--timeout", "120"]

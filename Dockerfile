# Production image for incluzio_mz. See docs/OPERATIONS.md; docker-compose.yml runs web, worker, beat from it.

# Stage 1: front-end packages (NL Design System), exactly as pinned in package-lock.json.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: the application.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1

# WeasyPrint's libraries and fonts; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so code changes do not invalidate this layer. The lock file carries hashes.
# Note: sync removes whatever the lock does not list from the system site-packages (pip included; uv stays).
COPY requirements.lock ./
RUN pip install uv==0.13.9 \
    && uv pip sync --system requirements.lock

COPY . .
COPY --from=assets /build/node_modules ./node_modules

# Build-time only: the settings refuse to load without a SECRET_KEY when DEBUG is off. This dummy key exists only
# in these two RUN commands, never in the image's environment.
# background-image-icon.css in @utrecht/design-tokens references SVGs that the package does not ship; the manifest
# storage would abort on it, and the portal does not use it.
RUN DEBUG=false SECRET_KEY=build-only-dummy-key-not-used-at-runtime python manage.py compilemessages --ignore=node_modules \
    && DEBUG=false SECRET_KEY=build-only-dummy-key-not-used-at-runtime \
        python manage.py collectstatic --noinput --ignore background-image-icon.css

# The code stays root-owned (read-only for the app); only var/ (media, celery beat schedule, mail) is writable.
# Named volumes mounted on these paths start with this ownership.
RUN groupadd --system --gid 1000 incluzio \
    && useradd --system --uid 1000 --gid incluzio --home-dir /app --no-create-home --shell /usr/sbin/nologin incluzio \
    && mkdir -p /app/var/media /app/var/celery /app/var/mail \
    && chown -R incluzio:incluzio /app/var

USER incluzio

EXPOSE 8000

CMD ["gunicorn", "incluzio_mz.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

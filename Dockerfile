# Runtime dependencies come from uv.lock only: exact versions, every file checked against its hash.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Stage 1: turn uv.lock into a hashed requirements list (fails if pyproject.toml and uv.lock disagree).
FROM ${PYTHON_IMAGE} AS requirements
# Same uv as the Makefile (UV_VERSION) and pyproject.toml ([tool.uv] required-version).
ARG UV_VERSION=0.13.9
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /src
COPY pyproject.toml uv.lock ./
# No extras: the dev tools (pytest, Playwright, ruff) stay out of the image.
RUN uv export --locked --no-emit-project --format requirements-txt -o requirements.txt

# Stage 2: the application, without uv; nothing is fetched once the image is built.
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint renders the PDF dossiers through Pango.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage
COPY --from=requirements /src/requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=portal.settings SECRET_KEY=build python manage.py collectstatic --noinput
EXPOSE 8000
# The same start CI runs (.ci/prod-check): migrate, then gunicorn with the production flags.
CMD ["/app/deploy/serve.sh"]

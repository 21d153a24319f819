# One image for every Python process of OpenTok: gateway, Celery worker and beat, the
# moderation and recommender services. docker-compose.yml picks the command.
#
#   docker build -f deploy/docker/python.Dockerfile -t opentok-python .
#
# torch comes from the CPU wheel index first, so the pinned torch in pyproject's `ml` extra
# is already satisfied and pip never pulls the CUDA build (gigabytes).
#
# PYTHON_IMAGE picks the base: the official image by default, or local/python:3.11 from
# deploy/local-images.sh where no registry can be reached (torch is preinstalled there).
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE} AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# ffmpeg for the media pipeline; tesseract for on-screen text in video moderation.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg tesseract-ocr \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

ARG TORCH_VERSION=2.13.0
RUN pip install torch==${TORCH_VERSION} --index-url https://download.pytorch.org/whl/cpu

# Dependencies first (cached while only the code changes), then the code.
COPY pyproject.toml README.md ./
ARG EXTRAS=ml,mlflow
RUN mkdir -p opentok backend backend_constant moderation_service recommender_service \
    && pip install ".[${EXTRAS}]" \
    && pip uninstall -y opentok

# The whole tree (.dockerignore keeps out caches, builds and local data): the services
# present in this checkout are the ones compose can start.
COPY . .

# Runs from the source tree (like the tests), as a non-root user owning only /data. /data/media
# exists in the image so that the named volume mounted there starts out owned by that user.
RUN useradd --create-home --uid 10001 opentok \
    && mkdir -p /data/media /tmp/prometheus \
    && chown -R opentok:opentok /data /tmp/prometheus
USER opentok
ENV PYTHONPATH=/app \
    DATA_DIR=/data

EXPOSE 8000 8001 8002 9808
CMD ["python", "-m", "uvicorn", "backend.app.main:app", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]

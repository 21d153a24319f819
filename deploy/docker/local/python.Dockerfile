# Stand-in for python:3.11-slim, built from Debian packages (bookworm ships Python 3.11).
# A venv first on PATH gives the same `python` and `pip` the official image has, and the CPU
# torch wheel from the build machine (when deploy/local-images.sh found one) is preinstalled, so
# the app image's `pip install torch==...` is already satisfied and needs no wheel index.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /usr/local/python \
    && /usr/local/python/bin/pip install --no-cache-dir -q --upgrade pip
ENV PATH=/usr/local/python/bin:$PATH \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY wheels/ /tmp/wheels/
RUN if ls /tmp/wheels/*.whl >/dev/null 2>&1; then pip install --no-cache-dir /tmp/wheels/*.whl; fi \
    && rm -rf /tmp/wheels
CMD ["python3"]

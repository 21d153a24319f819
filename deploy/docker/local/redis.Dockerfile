# Stand-in for redis:7-alpine from Debian's redis-server (7.0), working in /data like the official image.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-server redis-tools \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data
WORKDIR /data
CMD ["redis-server", "--protected-mode", "no"]

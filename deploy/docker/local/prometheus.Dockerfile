# Stand-in for prom/prometheus from Debian's prometheus package: the same entrypoint, so the
# compose command's flags apply unchanged, plus wget for the healthcheck.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends prometheus wget ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /prometheus /etc/prometheus
WORKDIR /prometheus
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]

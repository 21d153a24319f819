# Stand-in for nginx:1.27-alpine from Debian's nginx: the same paths the app image copies into
# (/etc/nginx/conf.d, /usr/share/nginx/html), logs on stdout/stderr, and wget for healthchecks.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light wget ca-certificates \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log \
    && mkdir -p /usr/share/nginx/html
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]

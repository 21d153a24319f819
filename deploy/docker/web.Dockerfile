# The web tier: both React apps built with Node, then served by nginx together with the
# media volume, and /api proxied to the gateway (deploy/nginx/opentok.conf).
#
#   docker build -f deploy/docker/web.Dockerfile -t opentok-web .
#
# NODE_IMAGE and NGINX_IMAGE pick the bases: the official images by default, or the ones
# deploy/local-images.sh builds from Debian packages where no registry can be reached.
ARG NODE_IMAGE=node:20-alpine
ARG NGINX_IMAGE=nginx:1.27-alpine
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Each app is built only when its package.json exists, so the image builds at every stage
# of the project; the empty dist folders then show nginx's fallback page.
COPY . .
RUN set -e; for app in frontend admin; do \
      mkdir -p "/out/$app"; \
      if [ -f "$app/package.json" ]; then \
        cd "/src/$app"; \
        if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi; \
        npm run build; \
        cp -r dist/. "/out/$app/"; \
        cd /src; \
      fi; \
    done

FROM ${NGINX_IMAGE}
COPY deploy/nginx/opentok.conf /etc/nginx/conf.d/default.conf
COPY --from=build /out/frontend /usr/share/nginx/html/app
COPY --from=build /out/admin /usr/share/nginx/html/admin
EXPOSE 80
HEALTHCHECK --interval=15s --timeout=3s --retries=5 CMD wget -qO- http://127.0.0.1/healthz || exit 1

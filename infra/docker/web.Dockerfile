# The static origins: the shell (port 8080) and the first-party widgets (port 8081, the widget
# origin; `/registry/assets/` there is routed to the registry service by the Ingress).
# Build from the repository root:
#   docker build -f infra/docker/web.Dockerfile -t switchboard/web:dev .
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run build:web \
 && mkdir -p /out/widgets \
 && for dist in widgets/*/dist; do cp -r "$dist" "/out/widgets/$(basename "$(dirname "$dist")")"; done \
 && cp -r shell/dist /out/shell

# nginx as an unprivileged user (uid 101), listening on ports above 1024.
FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY infra/docker/web-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /out/shell /usr/share/switchboard/shell
COPY --from=build /out/widgets /usr/share/switchboard/widgets
USER 101
EXPOSE 8080 8081

# One image per Node deployable: `--build-arg SERVICE=<identity|tickets|mail|registry|crm|templates|kb>`.
# The mail worker runs from the mail image (`node services/mail/dist/delivery/worker-main.js`).
# Build from the repository root:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=tickets -t switchboard/tickets:dev .
ARG NODE_IMAGE=node:20.20-bookworm-slim

# --- build: every dependency, swc compiles the Node packages to dist/ (infra/scripts/build-node.sh)
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run build:node \
 && mkdir /manifests \
 && cp package-lock.json /manifests/ \
 && find . -name package.json -not -path '*/node_modules/*' -not -path './.git/*' -exec cp --parents {} /manifests \;

# --- production dependencies of this one service (and its workspace packages), nothing else.
# npm reads every workspace's package.json with the lock file; it installs only this workspace's.
FROM ${NODE_IMAGE} AS deps
ARG SERVICE
WORKDIR /app
COPY --from=build /manifests ./
RUN test -f "services/${SERVICE:?--build-arg SERVICE is required}/package.json" \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace "services/$SERVICE"

# --- runtime: non-root, production dependencies and compiled code only
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps --chown=root:root /app ./
COPY --from=build /src/shared-contracts/dist shared-contracts/dist
COPY --from=build /src/services/kit/dist services/kit/dist
COPY --from=build /src/services/${SERVICE}/dist services/${SERVICE}/dist
ENV SERVICE_MAIN=services/${SERVICE}/dist/server.js
# The image's files belong to root and are read-only for the service; it writes only to mounted volumes.
USER 10001:10001
EXPOSE 4001-4007
CMD ["sh", "-c", "exec node \"$SERVICE_MAIN\""]

# The API's production image. Build context: the repository root, since the API is built from the
# pnpm workspace (its lockfile and the packages it depends on). docs/container.md explains the
# choices; test/supply-chain checks the rules below on every test run.
#
#   docker build -t bulwark-api .
#   docker run --read-only --tmpfs /tmp ... bulwark-api              # the API
#   docker run --read-only --tmpfs /tmp ... bulwark-api dist/cli.js db:migrate

# Stage 1: the workspace with its dev dependencies, compiled; then a production-only copy of the API.
# Debian 12 like the runtime below, so native modules resolved here (glibc builds) run there.
FROM node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS build

# renovate: datasource=npm depName=pnpm
ARG PNPM_VERSION=12.4.2
ENV CI=true
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}"

WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/api/package.json apps/api/
COPY packages/field-encryption/package.json packages/field-encryption/
COPY packages/logging/package.json packages/logging/
COPY packages/tls-inspection/package.json packages/tls-inspection/
# Only the API and the workspace packages it uses; install scripts stay limited to allowBuilds.
RUN pnpm install --frozen-lockfile --filter "@bulwark/api..."

COPY apps/api/ apps/api/
COPY packages/field-encryption/ packages/field-encryption/
COPY packages/logging/ packages/logging/
COPY packages/tls-inspection/ packages/tls-inspection/
# `deploy --prod` copies the API with its production dependencies only. It copies workspace
# packages whole: their TypeScript sources and tests are not needed to run, so they go.
RUN pnpm --filter "@bulwark/api..." build \
  && pnpm --filter @bulwark/api deploy --prod /out \
  && rm -rf /out/node_modules/.pnpm/@bulwark+*/node_modules/@bulwark/*/src \
    /out/node_modules/.pnpm/@bulwark+*/node_modules/@bulwark/*/test

# Stage 2: the runtime. Distroless: Node.js and its libraries, no shell, no package manager.
FROM gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a AS runtime

WORKDIR /app
# Compiled code and production dependencies only, owned by root: the API cannot rewrite itself.
COPY --from=build /out/package.json ./package.json
COPY --from=build /out/dist ./dist
COPY --from=build /out/node_modules ./node_modules
COPY infra/docker/healthcheck.mjs ./healthcheck.mjs

# Production defaults; secrets come from mounted files (*_FILE variables), never from the image.
# DATA_DIR is unused in production (DATABASE_URL and the keys are required there); it points at
# the writable /tmp so that the root filesystem can be mounted read-only.
# HOME: the user below has no account, and Node's os.homedir() throws without one or the other.
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/tmp/bulwark \
  HOME=/tmp
EXPOSE 3000

# An unprivileged user without an account: no home, no shell, no group membership.
USER 10001:10001

# Distroless has no curl: Node probes GET /health/live (over TLS when TLS_CERT_FILE is set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --start-interval=2s --retries=3 \
  CMD ["/nodejs/bin/node", "/app/healthcheck.mjs"]

ENTRYPOINT ["/nodejs/bin/node"]
CMD ["--import", "./dist/tracing.js", "dist/main.js"]

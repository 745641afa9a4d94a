# One image for every process; the command chooses the process:
#   node --max-old-space-size=256 --max-semi-space-size=4 dist/workers/orchestration.js (infra/process/node-flags.ts)
#   | node dist/workers/hot-path.js | node dist/api/main.js | node dist/infra/venue-sim/main.js
# (and node dist/infra/admin/main.js for api keys). docs/deploy.md shows each one's settings.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The prebuilt workflow bundle lets the worker start without bundling the workflows itself; the operator console is
# bundled into dist/console/, which the api serves.
RUN npx tsc -p tsconfig.json \
 && node dist/infra/tools/bundle-workflows.js \
 && node dist/infra/console/build.js

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# npm 10 (this image's) runs dependencies' install scripts; npm 11 would run only those approved under allowScripts.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
# Every process applies the migrations on start; they are found beside package.json (infra/db/migrate.ts).
COPY --from=build /app/infra/db/migrations ./infra/db/migrations
# The code stays root-owned and read-only to the process; only .data (the simulator's state) is writable.
# Numeric (the image's `node` user) so Kubernetes' runAsNonRoot can verify it.
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data
USER 1000:1000
EXPOSE 8080 9464 9465 8090
CMD ["node", "dist/api/main.js"]

# The platform's image: the portal and the server built once (scripts/build.mjs), run as compiled JavaScript by a
# non-root user, files in the /data volume (docs/deployment.md#docker). Build from the repository root:
#   docker build -t gzcredit .

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The workspace manifests first: `npm ci` is cached until the lockfile or a manifest changes.
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
# The server's production dependencies only (not the portal's React and Ant Design, which are built into
# apps/web/dist). The report font ships in them (@expo-google-fonts/noto-sans-sc): no system font is needed.
RUN npm ci --omit=dev --workspace apps/server --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/apps/web/dist apps/web/dist
COPY --from=build /app/apps/server/dist apps/server/dist
# The command-line tools (npm run audit:verify, admin, rotate-key) run their TypeScript through tsx.
COPY apps/server/src apps/server/src
COPY packages/domain/src packages/domain/src
COPY packages/contracts/src packages/contracts/src
# The code stays root's and read-only to the server; only DATA_DIR is written.
RUN mkdir /data && chown node:node /data && chmod 0700 /data
VOLUME /data
USER node
EXPOSE 3000
# /readyz answers 200 once the database answers. The first start of an empty database migrates and seeds before it
# listens. Slim images have no curl: Node's own fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same command as `npm start` without its build step. Node is PID 1 and handles SIGTERM itself (main.ts: finishes
# requests, closes the database within 15 s), so give `docker stop` more than that: `--time 30` / stop_grace_period.
CMD ["node", "--max-old-space-size=192", "apps/server/dist/main.js"]

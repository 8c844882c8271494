# Storeloom: one image for the API (`npm start`), the workers (`npm run workers`)
# and the explicit migration step (`npm run migrate`).
#
# The TypeScript sources run directly under Node with the tsx loader
# (`node --import tsx`), which is a production dependency: there is no separate
# compile step whose output could drift from what the tests ran.

ARG NODE_VERSION=20.19

# ── deps: production dependencies only ───────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ── runtime ──────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY workers ./workers
COPY scripts ./scripts
COPY migrations ./migrations
COPY tenant-templates ./tenant-templates
# DATA_DIR holds generated signing keys when JWT_SIGNING_KEYS is not set;
# the non-root user must own it (mount a volume there to keep it).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm) so SIGTERM from `docker stop` reaches the process
# that shuts down gracefully.
CMD ["node", "--max-semi-space-size=32", "--min-semi-space-size=32", "--heap-growing-percent=50", "--import", "tsx", "src/main.ts"]

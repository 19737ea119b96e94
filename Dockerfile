# The platform's own image: one image, two roles (web and worker), chosen by the compose command.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# the similarity check's C parser (@dodona/dolos-parsers) is compiled by node-gyp at install time
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# installs what package-lock.json pins without rewriting it (see scripts/lib/setup.mjs for why not `npm ci`)
RUN npm install --no-save --no-audit --no-fund --loglevel=error

FROM deps AS build
COPY . .
RUN node node_modules/prisma/build/index.js generate && NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build

FROM node:20-bookworm-slim AS runtime
# docker.io gives the worker the Docker CLI it drives sandboxes with; debootstrap lets it make a base image
# where no registry is reachable; postgresql-client is for health checks and manual work.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io debootstrap ca-certificates postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production APP_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
RUN useradd --system --uid 10001 --home /app course && mkdir -p /app/.data && chown -R course /app/.data
EXPOSE 3000
CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000"]

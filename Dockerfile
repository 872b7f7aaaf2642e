# One image for both apps: `node apps/api/dist/main.js` or `node apps/worker/dist/main.js`.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm prune --prod

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
EXPOSE 8000
CMD ["node", "apps/api/dist/main.js"]

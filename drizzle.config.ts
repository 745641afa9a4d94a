import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './infra/db/schema/index.ts',
  out: './infra/db/migrations',
});

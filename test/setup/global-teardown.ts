import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const postgres = globalThis.__testPostgres;
  if (!postgres) return;
  await postgres.server.stop();
  await rm(postgres.dataDir, { recursive: true, force: true });
}

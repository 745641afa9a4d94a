import { existsSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../../domain/access/roles';
import { issueApiKey } from '../auth/issue-api-key';
import { ConfigError, loadConfig } from '../config';
import { ApiKeyNameTakenError, listApiKeys, revokeApiKey } from '../db/queries/api-keys';
import { openDatabase } from '../db/open-database';
import { createLogger } from '../logging';

const HELP = `Usage: bin/admin keys <command> [options]

Api keys: who may call the api, and with which role (${ROLES.join(', ')}). Only a key's hash is stored; a new key is
printed once (or written to --out, a new file readable by its owner only). Every change is an audit event.

  keys create --name NAME --role ROLE [--out FILE]   a new key
  keys list                                          every key: name, role, hint, created, revoked
  keys revoke --name NAME                            the key stops working within 10 s

Uses DATABASE_URL, or the embedded Postgres under DATA_DIR as bin/start does.`;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [area, command] = positionals;
  if (values.help || area !== 'keys' || !command) {
    process.stdout.write(`${HELP}\n`);
    if (!values.help) throw new UsageError('');
    return;
  }
  const config = loadConfig();
  const actor = `cli:${userInfo().username}@${hostname()}`;
  const database = await openDatabase(config, createLogger('admin', 'warn'), 'admin-cli');
  try {
    if (command === 'list') {
      for (const key of await listApiKeys(database.db)) {
        process.stdout.write(`${key.name.padEnd(24)} ${key.role.padEnd(7)} ${key.hint.padEnd(12)} created ${key.createdAt.toISOString()} by ${key.createdBy}${key.revokedAt ? `  REVOKED ${key.revokedAt.toISOString()} by ${key.revokedBy}` : ''}\n`);
      }
      return;
    }
    if (!values.name || !NAME.test(values.name)) throw new UsageError('--name is required: 1 to 64 letters, digits, . _ @ -');
    if (command === 'create') {
      if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if (values.out && existsSync(values.out)) throw new UsageError(`--out ${values.out} exists: a key is written only to a new file`);
      const key = await issueApiKey(database.db, { name: values.name, role: values.role }, actor);
      if (values.out) {
        writeFileSync(values.out, `${key}\n`, { mode: 0o600, flag: 'wx' });
        process.stdout.write(`api key ${values.name} (${values.role}) written to ${values.out}\n`);
      } else {
        process.stdout.write(`${key}\n`);
        process.stderr.write(`api key ${values.name} (${values.role}); shown once. Use it as: Authorization: Bearer <key>\n`);
      }
      return;
    }
    if (command === 'revoke') {
      if (!(await revokeApiKey(database.db, values.name, actor))) throw new UsageError(`no live key named ${values.name}`);
      process.stdout.write(`api key ${values.name} revoked\n`);
      return;
    }
    throw new UsageError(`unknown command keys ${command}`);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ApiKeyNameTakenError || error instanceof ConfigError) {
    if (error.message) process.stderr.write(`bin/admin: ${error.message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 2);
  }
  process.stderr.write(`bin/admin: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

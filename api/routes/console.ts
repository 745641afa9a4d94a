import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { consoleDistDir } from '../../infra/console/console-files';
import { HttpError } from '../http-error';
import { operation, type Operation } from '../operations/operation';

/**
 * The operator console: its page at `/` (public, as the sign-in form is; every call it makes carries the key the
 * operator types) and its bundled script and styles under `/console/`.
 */
export function consoleOperations(directory = consoleDistDir()): Operation[] {
  return [
    operation({
      method: 'get', path: '/', operationId: 'operatorConsole', tag: 'contract', access: 'public',
      summary: 'The operator console: a web page that signs in with an api key and shows and steers the live system.',
      responses: { 200: { description: 'the page', contentType: 'text/html' }, 503: { description: 'the console was not built (bin/setup builds it)' } },
      handle(_input, response) {
        const page = join(directory, 'index.html');
        if (!existsSync(page)) throw new HttpError(503, 'the operator console is not built: run bin/setup (or node dist/infra/console/build.js)');
        response.set('Cache-Control', 'no-cache').sendFile(page);
      },
    }),
  ];
}

/** The console's bundled files; anything else under /console/ falls through to the api's 404. */
export function consoleAssets(directory = consoleDistDir()): express.RequestHandler {
  return express.static(directory, { index: false, fallthrough: true, setHeaders: (response) => response.set('Cache-Control', 'no-cache') });
}

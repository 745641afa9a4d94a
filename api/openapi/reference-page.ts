import type { OpenApiDocument } from './document';

const escape = (text: unknown): string => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface DocumentedOperation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-required-role': string;
  parameters: Array<{ name: string; in: string; required: boolean; description?: string; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

/**
 * A readable reference of the api, rendered on the server from its OpenAPI document: no script, no request to
 * anywhere else, so it works behind the api's strict content-security policy and on a machine without internet.
 */
export function referencePage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, DocumentedOperation>).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map(({ op }) => op.tags[0] ?? 'other'))];
  const section = (tag: string) => operations.filter(({ op }) => (op.tags[0] ?? 'other') === tag).map(({ path, method, op }) => `
    <section id="${escape(op.operationId)}">
      <h3><code>${escape(method.toUpperCase())} ${escape(path)}</code> <small>role: ${escape(op['x-required-role'])}</small></h3>
      <p>${escape(op.summary)}</p>
      ${op.parameters.length === 0 ? '' : `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters.map((p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escape(JSON.stringify(p.schema))}</code>${p.description ? `<br>${escape(p.description)}` : ''}</td></tr>`).join('')}</table>`}
      ${op.requestBody ? `<details><summary>request body (application/json)</summary><pre>${escape(JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2))}</pre></details>` : ''}
      <ul>${Object.entries(op.responses).map(([status, r]) => `<li><b>${escape(status)}</b> ${escape(r.description)}</li>`).join('')}</ul>
    </section>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)} ${escape(document.info.version)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{font-size:13px}pre{background:#f4f4f4;padding:.5rem;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}section{border-top:1px solid #ddd;margin-top:1rem}small{color:#666}</style></head>
<body><h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description)}</p><p>The machine-readable contract: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(document.openapi)}).</p>
<nav><ul>${tags.map((tag) => `<li><a href="#tag-${escape(tag)}">${escape(tag)}</a></li>`).join('')}</ul></nav>
${tags.map((tag) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${section(tag)}`).join('')}
</body></html>`;
}

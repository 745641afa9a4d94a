import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../infra/paths';
import * as registered from '../../../workflows';
import { STAGED_WORKFLOW_TYPES } from '../../../workflows/definitions/staged-workflows';

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe('the workflow types asked for their stage', () => {
  it('are exactly the registered workflows whose code sets the status query', () => {
    const folder = join(projectRoot(), 'workflows');
    const settingTheQuery = readdirSync(folder).filter((file) => file.endsWith('.ts') && /setHandler\(statusQuery/.test(readFileSync(join(folder, file), 'utf8')));
    const staged = Object.keys(registered).filter((type) => STAGED_WORKFLOW_TYPES.has(type));
    expect(staged.sort()).toEqual([...STAGED_WORKFLOW_TYPES].sort());
    expect(staged.map((type) => `${kebab(type)}.ts`).sort()).toEqual(settingTheQuery.sort());
  });
});

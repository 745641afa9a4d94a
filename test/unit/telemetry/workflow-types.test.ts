import * as registeredWorkflows from '../../../workflows';
import { WORKFLOW_TYPES } from '../../../workflows/definitions/workflow-outcomes';

describe('workflow types the outcome metrics count', () => {
  it('are exactly the workflows the worker registers', () => {
    expect([...WORKFLOW_TYPES].sort()).toEqual(Object.keys(registeredWorkflows).sort());
  });
});

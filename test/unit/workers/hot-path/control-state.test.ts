import { ControlState, restrictionFor } from '../../../../workers/hot-path/control-state';

const ACCOUNT = '101-001-0000001-001';

describe('the hot path\'s control state', () => {
  it('reads a restriction of this account or the system from the notification, and nothing else', () => {
    expect(restrictionFor(ACCOUNT, JSON.stringify({ scope: 'system', state: 'HALTED' }))).toBe('HALTED');
    expect(restrictionFor(ACCOUNT, JSON.stringify({ scope: ACCOUNT, state: 'REDUCING' }))).toBe('REDUCING');
    expect(restrictionFor(ACCOUNT, JSON.stringify({ scope: ACCOUNT, state: 'ACTIVE' }))).toBeUndefined();
    expect(restrictionFor(ACCOUNT, JSON.stringify({ scope: 'another-account', state: 'HALTED' }))).toBeUndefined();
    expect(restrictionFor(ACCOUNT, JSON.stringify({ scope: ACCOUNT, state: 'PAUSED' }))).toBeUndefined();
    expect(restrictionFor(ACCOUNT, 'not json')).toBeUndefined();
    expect(restrictionFor(ACCOUNT, undefined)).toBeUndefined();
  });

  it('applies a halt from the notification at once; a read that began before it cannot loosen it, a later one can', () => {
    const control = new ControlState();
    const overtaken = control.beginRead();
    expect(control.restrict('HALTED')).toBe(true);
    expect(control.state).toBe('HALTED');
    // The poll read from before the halt answers ACTIVE: ignored.
    expect(control.applyRead(overtaken, 'ACTIVE')).toBe(false);
    expect(control.state).toBe('HALTED');
    // The read the notification started sees HALTED; after a resume, a fresh read loosens.
    expect(control.applyRead(control.beginRead(), 'HALTED')).toBe(false);
    expect(control.applyRead(control.beginRead(), 'ACTIVE')).toBe(true);
    expect(control.state).toBe('ACTIVE');
  });

  it('a restriction never loosens: REDUCING after HALTED keeps HALTED until the table says otherwise', () => {
    const control = new ControlState();
    control.restrict('HALTED');
    expect(control.restrict('REDUCING')).toBe(false);
    expect(control.state).toBe('HALTED');
    expect(control.applyRead(control.beginRead(), 'REDUCING')).toBe(true);
    expect(control.state).toBe('REDUCING');
    const since = control.since;
    expect(control.applyRead(control.beginRead(), 'REDUCING')).toBe(false);
    expect(control.since).toBe(since);
  });
});

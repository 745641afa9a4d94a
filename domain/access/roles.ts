/**
 * Who may do what over the api. Each role may do everything the roles below it may: a viewer reads, a trader also
 * starts trading and research workflows, answers approvals and triggers schedules, an admin also controls trading
 * (stop, emergency stop, resume), activates and rolls back strategy versions, resets breakers and manages schedules.
 */
export const ROLES = ['viewer', 'trader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Readonly<Record<Role, number>> = { viewer: 0, trader: 1, admin: 2 };

export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The highest role among several (a token may carry a list); undefined when none is a role. */
export function highestRole(values: readonly unknown[]): Role | undefined {
  return values.filter(isRole).sort((a, b) => RANK[b] - RANK[a])[0];
}

/** Who may do what: viewers read, analysts also act on incidents and actions, admins also tune and manage access. */
export type Role = 'viewer' | 'analyst' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

/** Staff roles (SPEC §3). Fixed in code: the permission map and the machines refer to them. */
export const STAFF_ROLES = ['support', 'compliance', 'finance', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who can be behind a change: the audit trail records one of these as actor type. */
export const ACTOR_TYPES = ['client', 'staff', 'system', 'provider'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export type Actor =
  | { type: 'client'; id: string; entityId: string }
  | { type: 'staff'; id: string; roles: readonly StaffRole[]; entityIds: readonly string[] | 'all' }
  | { type: 'system'; id: string }
  | { type: 'provider'; id: string };

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

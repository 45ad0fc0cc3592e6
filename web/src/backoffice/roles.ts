import { roleMayPerform, type Action } from '../../../src/domain/permissions';
import { isStaffRole } from '../../../src/domain/roles';

/** Staff roles (SPEC §3); the server's list is authoritative. */
export const STAFF_ROLES = ['support', 'compliance', 'finance', 'supervisor', 'admin'] as const;

/** Whether any of these roles may perform the action, by the server's own permission map (what to show; the server checks every request). */
export function staffMay(roles: readonly string[], action: Action): boolean {
  return roles.some((role) => isStaffRole(role) && roleMayPerform(role, action));
}

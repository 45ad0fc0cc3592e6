/** Staff roles (SPEC §3); the server's list is authoritative. */
export const STAFF_ROLES = ['support', 'compliance', 'finance', 'supervisor', 'admin'] as const;

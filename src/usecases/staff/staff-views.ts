import type { StaffRow } from '../../persistence/schema';
import type { StaffRole } from '../../domain/roles';

export function staffView(staff: StaffRow) {
  return {
    id: staff.id,
    email: staff.email,
    displayName: staff.display_name,
    roles: staff.roles as StaffRole[],
    entityIds: staff.entity_ids ?? ('all' as const),
    totpEnrolled: staff.totp_enrolled_at !== null,
    active: staff.active,
    createdAt: staff.created_at,
  };
}
export type StaffView = ReturnType<typeof staffView>;

import { humanize } from '../lib/format';

/** Readable names of audit actions for the timeline; the raw code stays visible beside them. */
const ACTION_LABELS: Record<string, string> = {
  'client.registered': 'Registered',
  'client.registration_repeated': 'Registration attempted again',
  'client.email_verified': 'Email verified',
  'client.login_succeeded': 'Logged in',
  'client.login_failed': 'Login failed',
  'client.logged_out': 'Logged out',
  'client.password_reset_requested': 'Password reset requested',
  'client.password_reset': 'Password changed by reset link',
  'staff.created': 'Staff member created',
  'staff.password_accepted': 'Staff password accepted',
  'staff.login_succeeded': 'Staff logged in',
  'staff.login_failed': 'Staff login failed',
  'staff.logged_out': 'Staff logged out',
};

/** `client.email_verified` → `Email verified`; unknown codes are humanized from their last part. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? humanize(action.slice(action.lastIndexOf('.') + 1));
}

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
  'client.profile_updated': 'Profile updated',
  'client.profile_change_requested': 'Change of details requested',
  'client.risk_assessed': 'Risk assessed',
  'client.risk_overridden': 'Risk overridden',
  'client.screened': 'Screened against sanctions/PEP lists',
  'document.uploaded': 'Document uploaded',
  'document.viewed': 'Document viewed by staff',
  'document.approved': 'Document accepted',
  'document.rejected': 'Document refused',
  'document.lapsed': 'Document lapsed',
  'kyc_case.submitted': 'Sent for review',
  'kyc_case.resubmitted': 'Sent for review again',
  'kyc_case.opened': 'Case opened',
  'kyc_case.claimed': 'Case claimed',
  'kyc_case.released': 'Case released to the queue',
  'kyc_case.assigned': 'Case assigned',
  'kyc_case.approved': 'Approved',
  'kyc_case.rejected': 'Rejected',
  'kyc_case.documents_requested': 'More documents requested',
  'kyc_case.escalated': 'Escalated to a supervisor',
  'kyc_case.returned_to_review': 'Returned to review',
  'kyc_case.note_added': 'Internal note added',
  'kyc_case.provider_approved': 'Approved by the KYC provider',
  'kyc_case.provider_rejected': 'Rejected by the KYC provider',
  'kyc_case.provider_retry_requested': 'KYC provider asked for a retry',
  'kyc_case.provider_reopened': 'Reopened by the KYC provider',
  'kyc_provider.applicant_created': 'Applicant created at the KYC provider',
  'screening_hit.cleared': 'Screening hit cleared',
  'screening_hit.confirmed': 'Screening hit confirmed',
};

/** `client.email_verified` → `Email verified`; unknown codes are humanized from their last part. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? humanize(action.slice(action.lastIndexOf('.') + 1));
}

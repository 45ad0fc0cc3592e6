/** Words of the back office's KYC screens (English, like the rest of the back office). */
import type { ApiError } from '../../api/client';
import type { Staff } from '../../api/types';
import { humanize } from '../../lib/format';

export const CASE_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  pending: 'Pending',
  under_review: 'Under review',
  more_documents_required: 'More documents required',
  escalated: 'Escalated',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** The open states, in queue order, for the count badges. */
export const OPEN_STATUSES = ['pending', 'under_review', 'escalated', 'more_documents_required', 'draft'] as const;

export const KIND_LABELS: Record<string, string> = {
  onboarding: 'Onboarding',
  document_recheck: 'Document re-check',
  profile_change: 'Change of details',
  risk_review: 'Risk review',
  periodic_review: 'Periodic review',
};

export const DOCUMENT_STATUS_LABELS: Record<string, string> = {
  uploaded: 'Waiting for review',
  under_review: 'Under review',
  approved: 'Approved',
  rejected: 'Rejected',
  superseded: 'Superseded',
  expired: 'Expired',
};

/** DOCUMENT_REJECTION_REASONS (src/domain/machines/document-machine.ts). */
export const DOCUMENT_REJECTION_REASONS: { value: string; label: string }[] = [
  { value: 'unreadable', label: 'Unreadable' },
  { value: 'incomplete', label: 'Incomplete (pages or corners missing)' },
  { value: 'wrong_document_type', label: 'Wrong document type' },
  { value: 'expired', label: 'Expired' },
  { value: 'address_too_old', label: 'Proof of address too old' },
  { value: 'name_mismatch', label: 'Name does not match the profile' },
  { value: 'suspected_tampering', label: 'Suspected tampering' },
];

export const PROFILE_FIELD_LABELS: Record<string, string> = {
  legal_name: 'Legal name',
  date_of_birth: 'Date of birth',
  nationality: 'Nationality',
  residential_address: 'Residential address',
  tax_residence: 'Tax residence',
  tax_number: 'Tax number',
  employment_status: 'Employment status',
  source_of_funds: 'Source of funds',
  trading_experience: 'Trading experience',
  company_name: 'Company name',
  registration_number: 'Registration number',
  incorporation_country: 'Country of incorporation',
  registered_address: 'Registered address',
  directors: 'Directors',
  beneficial_owners: 'Beneficial owners',
};

export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return map[code] ?? humanize(code);
}

/** Names document types by id from the configured list the case view carries (`detail.documentTypes`); an unknown id is humanized. */
export function documentTypeNamer(types: readonly { id: string; name: string }[]): (id: string) => string {
  const names = new Map(types.map((type) => [type.id, type.name]));
  return (id) => names.get(id) ?? humanize(id);
}

/** A supervisor never acts without a note (SPEC §3). */
export function noteRequiredFor(staff: Staff): boolean {
  return staff.roles.includes('supervisor') && !staff.roles.includes('compliance');
}

/** The words for a refused action: a changed case, a missing permission, or the server's message. */
export function actionErrorMessage(error: ApiError): string {
  if (error.code === 'stale_case') return 'This case changed since you opened it. Reload it, check what changed, and decide again.';
  if (error.code === 'not_assignee') return 'This case is assigned to another reviewer. Only they or a supervisor can decide it.';
  if (error.status === 403) return `You are not allowed to do this: ${error.message}`;
  if (error.code === 'illegal_transition') return `This action is no longer possible in the case's current state: ${error.message}`;
  const fields = Object.entries(error.fields);
  if (fields.length > 0) return `${error.message} ${fields.map(([name, message]) => `${name}: ${message}`).join('; ')}`;
  return error.message;
}

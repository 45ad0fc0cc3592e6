/** Row types of migrations/0002_onboarding.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface ClientProfileTable {
  client_id: string;
  fields: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface DocumentTable {
  id: string;
  client_id: string;
  document_type: string;
  version: number;
  status: string;
  file_sha256: string;
  mime_type: string;
  size_bytes: bigint;
  file_name: string;
  issue_date: string | null;
  expiry_date: string | null;
  supersedes_id: string | null;
  rejection_reason: string | null;
  client_message: string | null;
  uploaded_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
}

export interface RequestedDocuments {
  documentTypes: string[];
  reason: string;
}

export interface KycCaseTable {
  id: string;
  client_id: string;
  entity_id: string;
  country: string;
  kind: 'onboarding' | 'document_recheck' | 'periodic_review' | 'profile_change' | 'risk_review' | 'provider_reopen';
  status: string;
  risk_level: 'low' | 'medium' | 'high';
  assignee_id: string | null;
  opened_reason: string | null;
  opened_at: Timestamp;
  submitted_at: Timestamp | null;
  sla_due_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_reason: string | null;
  requested_documents: Json<RequestedDocuments[]> | null;
  client_message: string | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  client_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}

export interface ScreeningHitTable {
  id: string;
  client_id: string;
  case_id: string | null;
  match_entity_id: string;
  caption: string;
  schema_name: string;
  /** numeric(5,4) comes back as a string, like every numeric. */
  score: ColumnType<string, string | number, string | number>;
  topics: string[];
  datasets: string[];
  explanation: string;
  list_version: string;
  status: 'open' | 'cleared' | 'confirmed';
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface ScreeningRunTable {
  client_id: string;
  list_version: string;
  screened_at: Timestamp;
  match_count: number;
}

export interface ProfileChangeRequestTable {
  id: string;
  client_id: string;
  case_id: string | null;
  old_fields: Json<Record<string, unknown>>;
  new_fields: Json<Record<string, unknown>>;
  status: 'pending' | 'approved' | 'rejected';
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_note: string | null;
}

export interface ProviderEventTable {
  id: string;
  provider: string;
  dedup_key: string;
  subject_id: string | null;
  occurred_at: Timestamp | null;
  received_at: Timestamp;
  raw_body: string;
  headers: Json<Record<string, unknown>>;
  outcome: string;
}

export interface KycProviderApplicantTable {
  client_id: string;
  provider: string;
  applicant_id: string;
  level_name: string;
  last_verdict: string | null;
  last_verdict_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OnboardingTables {
  client_profile: ClientProfileTable;
  document: DocumentTable;
  kyc_case: KycCaseTable;
  case_note: CaseNoteTable;
  screening_hit: ScreeningHitTable;
  screening_run: ScreeningRunTable;
  profile_change_request: ProfileChangeRequestTable;
  provider_event: ProviderEventTable;
  kyc_provider_applicant: KycProviderApplicantTable;
}

export type DocumentRow = Selectable<DocumentTable>;
export type KycCaseRow = Selectable<KycCaseTable>;
export type ScreeningHitRow = Selectable<ScreeningHitTable>;

import type { NextStep } from '../api/types';

/** Where a next step is done in the portal (codes from src/domain/onboarding/next-steps.ts). */
export type StepTarget = 'profile' | 'documents' | 'submit' | 'payments' | null;

const DOCUMENT_STEP = /^(upload_document|replace_document|provide_documents):(.+)$/;

export function stepTarget(code: string): StepTarget {
  if (code === 'complete_profile' || code === 'change_request_pending') return 'profile';
  if (DOCUMENT_STEP.test(code)) return 'documents';
  if (code === 'submit_for_review') return 'submit';
  if (code === 'deposit') return 'payments';
  return null;
}

/** The document types a document step is about (`provide_documents:passport|national_id` → both). */
export function stepDocumentTypes(code: string): string[] {
  const match = DOCUMENT_STEP.exec(code);
  return match ? match[2]!.split('|') : [];
}

/** Compliance has the application: the client cannot change details or upload until it is decided. */
export function isUnderReview(steps: readonly NextStep[]): boolean {
  return steps.some((step) => step.code === 'under_review');
}

export function canSubmit(steps: readonly NextStep[]): boolean {
  return steps.some((step) => step.code === 'submit_for_review');
}

/**
 * The client's next required actions, computed in ONE place from the
 * configuration, the client's record, the documents on file and the KYC
 * case. The portal shows exactly these; never a bare "pending".
 */
import { PROFILE_FIELD_LABELS, type ProfileField } from '../../config/profile-fields';
import type { DocumentType, TraderoomConfig } from '../../config/schema';
import { findDocumentType, findEntity } from '../../config/lookups';

export interface NextStep {
  code: string;
  title: string;
  detail: string;
}

/** The current (latest) version of a document type on file. */
export interface DocumentFact {
  documentType: string;
  status: string;
  issueDate: string | null;
  expiryDate: string | null;
  /** The reviewer's reason, in words meant for the client. */
  clientMessage: string | null;
}

export interface CaseFact {
  status: string;
  requestedDocuments: { documentTypes: string[]; reason: string }[] | null;
  clientMessage: string | null;
  /** When the client was last asked for documents (uploads after it answer the request). */
  requestedAt: string | null;
}

export interface OnboardingFacts {
  entityId: string;
  clientType: 'individual' | 'corporate';
  status: string;
  /** Today's date where the client is served (YYYY-MM-DD): expiry and age checks use it. */
  today: string;
  /** Profile fields the client has filled in. */
  providedFields: ReadonlySet<string>;
  /** Current versions only. */
  documents: readonly DocumentFact[];
  /** Document types uploaded after the last request for documents. */
  uploadedSinceRequest?: ReadonlySet<string>;
  openCase: CaseFact | null;
  /** The last decided case, when there is no open one. */
  lastDecision: { status: 'approved' | 'rejected'; clientMessage: string | null } | null;
  pendingChangeRequest: boolean;
  kycSlaHours?: number;
  /** A deposit of the client has been credited: "make your first deposit" is done. */
  funded?: boolean;
}

const IN_REVIEW = new Set(['pending', 'under_review', 'escalated']);

function docName(config: TraderoomConfig, id: string): string {
  return findDocumentType(config, id)?.name ?? id;
}

function documentWording(doc: DocumentType | undefined, id: string): string {
  if (!doc) return id;
  return doc.maxAgeDays ? `${doc.name.toLowerCase()} issued within the last ${doc.maxAgeDays} days` : doc.name.toLowerCase();
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Why a document on file does not count, in the client's words; null when it is fine. */
export function documentProblem(config: TraderoomConfig, doc: DocumentFact, today: string): NextStep | null {
  const type = findDocumentType(config, doc.documentType);
  const name = type?.name ?? doc.documentType;
  if (doc.status === 'rejected') {
    return {
      code: `replace_document:${doc.documentType}`,
      title: `Upload a new ${name.toLowerCase()}`,
      detail: `We could not accept your ${name.toLowerCase()}${doc.clientMessage ? `: ${doc.clientMessage}` : '.'}`,
    };
  }
  if (doc.status === 'expired' || (doc.expiryDate !== null && doc.expiryDate < today)) {
    return {
      code: `replace_document:${doc.documentType}`,
      title: `Upload a valid ${name.toLowerCase()}`,
      detail: `Your ${name.toLowerCase()} expired on ${doc.expiryDate ?? 'its expiry date'}: upload a valid one.`,
    };
  }
  if (type?.maxAgeDays && doc.issueDate && doc.status !== 'approved' && daysBetween(doc.issueDate, today) > type.maxAgeDays) {
    return {
      code: `replace_document:${doc.documentType}`,
      title: `Upload a recent ${name.toLowerCase()}`,
      detail: `Your ${name.toLowerCase()} was issued on ${doc.issueDate}: upload one issued within the last ${type.maxAgeDays} days.`,
    };
  }
  return null;
}

function onboardingGaps(config: TraderoomConfig, facts: OnboardingFacts): NextStep[] {
  const rules = findEntity(config, facts.entityId)?.clientTypes[facts.clientType];
  if (!rules) return [];
  const steps: NextStep[] = [];
  const missing = (rules.requiredFields as readonly ProfileField[]).filter((field) => !facts.providedFields.has(field));
  if (missing.length > 0) {
    steps.push({ code: 'complete_profile', title: 'Complete your profile', detail: `Add your ${missing.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')}.` });
  }
  const byType = new Map(facts.documents.filter((d) => d.status !== 'superseded').map((d) => [d.documentType, d]));
  for (const requirement of rules.requiredDocuments) {
    const onFile = requirement.anyOf.map((id) => byType.get(id)).filter((d): d is DocumentFact => d !== undefined);
    const good = onFile.find((doc) => documentProblem(config, doc, facts.today) === null);
    if (good) continue;
    const problem = onFile.map((doc) => documentProblem(config, doc, facts.today)).find((p) => p !== null);
    if (problem) {
      steps.push(problem);
      continue;
    }
    const options = requirement.anyOf.map((id) => documentWording(findDocumentType(config, id), id));
    steps.push({ code: `upload_document:${requirement.anyOf.join('|')}`, title: `Upload your ${requirement.label.toLowerCase()}`, detail: `Upload a ${orList(options)}.` });
  }
  return steps;
}

export function nextSteps(config: TraderoomConfig, facts: OnboardingFacts): NextStep[] {
  if (facts.status === 'registered') {
    return [{ code: 'verify_email', title: 'Confirm your email address', detail: 'Open the link we sent to your email address.' }];
  }
  if (facts.status === 'closed') {
    return [{ code: 'account_closed', title: 'Your account is closed', detail: 'Contact support if you believe this is a mistake.' }];
  }
  const steps: NextStep[] = [];
  if (facts.status === 'restricted') {
    steps.push({ code: 'restricted', title: 'Your account is restricted', detail: 'Deposits, withdrawals and trading are paused until the steps below are done.' });
  }
  if (facts.pendingChangeRequest) {
    steps.push({ code: 'change_request_pending', title: 'Your change of details is being reviewed', detail: 'Compliance is checking the new details; your old details stay in use until then.' });
  }
  const open = facts.openCase;
  if (open && IN_REVIEW.has(open.status)) {
    const within = facts.kycSlaHours ? ` We aim to decide within ${facts.kycSlaHours} working hours.` : '';
    return [...steps, { code: 'under_review', title: 'Your documents are under review', detail: `Compliance is reviewing your application; we will email you when it is decided.${within}` }];
  }
  if (open?.status === 'more_documents_required') {
    const uploaded = facts.uploadedSinceRequest ?? new Set<string>();
    const outstanding = (open.requestedDocuments ?? []).filter((request) => !request.documentTypes.some((id) => uploaded.has(id)));
    for (const request of outstanding) {
      const names = request.documentTypes.map((id) => docName(config, id).toLowerCase());
      steps.push({ code: `provide_documents:${request.documentTypes.join('|')}`, title: `Upload your ${orList(names)}`, detail: request.reason });
    }
    if (outstanding.length === 0) {
      steps.push({ code: 'submit_for_review', title: 'Send your documents for review', detail: 'You have uploaded what we asked for: send it to compliance.' });
    }
    return steps;
  }
  if (!open && facts.lastDecision?.status === 'rejected' && facts.status !== 'active') {
    return [{ code: 'application_rejected', title: 'We cannot open your account', detail: facts.lastDecision.clientMessage ?? 'Contact support for details.' }];
  }
  const gaps = onboardingGaps(config, facts);
  if (facts.status === 'restricted') {
    if (gaps.length === 0) steps[0] = { code: 'restricted', title: 'Your account is restricted', detail: 'Deposits, withdrawals and trading are paused. Contact support.' };
    return [...steps, ...gaps];
  }
  if (gaps.length > 0) return [...steps, ...gaps];
  if (facts.status === 'email_verified') {
    return [...steps, { code: 'submit_for_review', title: 'Send your application for review', detail: 'Your profile and documents are complete: send them to compliance.' }];
  }
  if (facts.status === 'active' && !facts.funded) {
    return [...steps, { code: 'deposit', title: 'Make your first deposit', detail: 'Your account is verified. Fund it to start trading.' }];
  }
  return steps;
}

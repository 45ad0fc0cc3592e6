/**
 * The client's next required actions, computed in ONE place from the
 * configuration, the client's record and what is on file. The portal shows
 * exactly these; never a bare "pending".
 */
import { PROFILE_FIELD_LABELS, type ProfileField } from '../../config/profile-fields';
import type { DocumentType, TraderoomConfig } from '../../config/schema';
import { findDocumentType, findEntity } from '../../config/lookups';

export interface NextStep {
  code: string;
  title: string;
  detail: string;
}

export interface OnboardingFacts {
  entityId: string;
  clientType: 'individual' | 'corporate';
  status: string;
  /** Profile fields the client has filled in. */
  providedFields: ReadonlySet<string>;
  /** Document type ids currently on file and acceptable. */
  documentsOnFile: ReadonlySet<string>;
}

function documentWording(doc: DocumentType | undefined, id: string): string {
  if (!doc) return id;
  return doc.maxAgeDays ? `${doc.name.toLowerCase()} issued within the last ${doc.maxAgeDays} days` : doc.name.toLowerCase();
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function nextSteps(config: TraderoomConfig, facts: OnboardingFacts): NextStep[] {
  if (facts.status === 'registered') {
    return [{ code: 'verify_email', title: 'Confirm your email address', detail: 'Open the link we sent to your email address.' }];
  }
  if (facts.status === 'closed') {
    return [{ code: 'account_closed', title: 'Your account is closed', detail: 'Contact support if you believe this is a mistake.' }];
  }
  if (facts.status !== 'email_verified') return [];
  const rules = findEntity(config, facts.entityId)?.clientTypes[facts.clientType];
  if (!rules) return [];
  const steps: NextStep[] = [];
  const missing = (rules.requiredFields as readonly ProfileField[]).filter((field) => !facts.providedFields.has(field));
  if (missing.length > 0) {
    steps.push({
      code: 'complete_profile',
      title: 'Complete your profile',
      detail: `Add your ${missing.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')}.`,
    });
  }
  for (const requirement of rules.requiredDocuments) {
    if (requirement.anyOf.some((id) => facts.documentsOnFile.has(id))) continue;
    const options = requirement.anyOf.map((id) => documentWording(findDocumentType(config, id), id));
    steps.push({
      code: `upload_document:${requirement.anyOf.join('|')}`,
      title: `Upload your ${requirement.label.toLowerCase()}`,
      detail: `Upload a ${orList(options)}.`,
    });
  }
  return steps;
}

/**
 * The client fills in profile fields. Before verification the change applies
 * at once; after it, a change to identity or address fields becomes a change
 * request that compliance reviews (the old values stay in use and on record).
 * While compliance is reviewing an application, the profile is frozen.
 */
import { findEntity } from '../../config/lookups';
import type { ProfileField } from '../../config/profile-fields';
import { CORPORATE_PROFILE_FIELDS, INDIVIDUAL_PROFILE_FIELDS } from '../../config/profile-fields';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { ADDRESS_FIELDS, IDENTITY_FIELDS, profileFieldSchemas } from '../../domain/onboarding/profile-field-schemas';
import type { Actor } from '../../domain/roles';
import { newId } from '../../persistence/ids';
import { CASE_IN_REVIEW_STATES, findOpenCase, loadProfileFields, saveProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { openReviewCase } from './open-review-case';
import { brokerToday } from './onboarding-facts';

export type ProfilePatch = Partial<Record<ProfileField, unknown>>;

export interface ProfileUpdateResult {
  applied: ProfileField[];
  changeRequest: { id: string; fields: ProfileField[]; proofOfAddressRequired: boolean } | null;
}

export async function updateProfile(ctx: AppContext, meta: RequestMeta, actor: Actor, patch: ProfilePatch): Promise<ProfileUpdateResult> {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  return inTransaction(ctx, meta, async (uow) => {
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', actor.id).forUpdate().executeTakeFirstOrThrow();
    const allowed: readonly string[] = client.client_type === 'individual' ? INDIVIDUAL_PROFILE_FIELDS : CORPORATE_PROFILE_FIELDS;
    const schemas = profileFieldSchemas(brokerToday(ctx.config, uow.now));
    const fieldErrors: Record<string, string> = {};
    const clean: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (!allowed.includes(field)) {
        fieldErrors[field] = `Not a field of a ${client.client_type} profile.`;
        continue;
      }
      const parsed = schemas[field as ProfileField].safeParse(value);
      if (parsed.success) clean[field] = parsed.data;
      else for (const issue of parsed.error.issues) fieldErrors[[field, ...issue.path.map(String)].join('.')] ??= issue.message;
    }
    if (Object.keys(fieldErrors).length > 0) throw new ValidationError('Some profile fields are not valid.', { fields: fieldErrors });
    if (Object.keys(clean).length === 0) throw new ValidationError('Send at least one profile field.', { fields: {} });

    const open = await findOpenCase(uow.trx, client.id, true);
    if (open && (CASE_IN_REVIEW_STATES as readonly string[]).includes(open.status)) {
      throw new ConflictError('Your application is being reviewed; you can change your details once it is decided.', undefined, 'case_under_review');
    }
    const current = await loadProfileFields(uow.trx, client.id);
    const changed = Object.keys(clean).filter((f) => JSON.stringify(current[f]) !== JSON.stringify(clean[f])) as ProfileField[];
    const verified = client.kyc_verified_at !== null;
    const needsReview = verified ? changed.filter((f) => IDENTITY_FIELDS.has(f)) : [];
    const direct = changed.filter((f) => !needsReview.includes(f));

    if (direct.length > 0) {
      const next = { ...current, ...Object.fromEntries(direct.map((f) => [f, clean[f]])) };
      await saveProfileFields(uow.trx, client.id, next, uow.now);
    }
    let changeRequest: ProfileUpdateResult['changeRequest'] = null;
    let reviewCase: { id: string; kind: string; status: string } | null = null;
    if (needsReview.length > 0) {
      const pending = await uow.trx.selectFrom('profile_change_request').select('id').where('client_id', '=', client.id).where('status', '=', 'pending').executeTakeFirst();
      if (pending) throw new ConflictError('A change of your details is already being reviewed.', undefined, 'change_request_pending');
      const proofOfAddressRequired = needsReview.some((f) => ADDRESS_FIELDS.has(f));
      const kycCase = await openReviewCase(ctx, uow, client, {
        kind: 'profile_change',
        reason: `Change of ${needsReview.join(', ')}`,
        requestedDocuments: proofOfAddressRequired ? [{ documentTypes: ['proof_of_address'], reason: 'You changed your address: upload a proof of the new address.' }] : null,
      });
      const id = newId(uow.now.getTime());
      await uow.trx
        .insertInto('profile_change_request')
        .values({
          id,
          client_id: client.id,
          case_id: kycCase.id,
          old_fields: JSON.stringify(Object.fromEntries(needsReview.map((f) => [f, current[f] ?? null]))),
          new_fields: JSON.stringify(Object.fromEntries(needsReview.map((f) => [f, clean[f]]))),
          status: 'pending',
          created_at: uow.now,
        })
        .execute();
      changeRequest = { id, fields: needsReview, proofOfAddressRequired };
      reviewCase = { id: kycCase.id, kind: kycCase.kind, status: kycCase.status };
    }
    if (changed.length > 0) {
      await uow.audit({
        actorType: 'client',
        actorId: client.id,
        action: changeRequest ? 'client.profile_change_requested' : 'client.profile_updated',
        subjectType: 'client',
        subjectId: client.id,
        clientId: client.id,
        oldValues: Object.fromEntries(changed.map((f) => [f, current[f] ?? null])),
        newValues: { ...Object.fromEntries(changed.map((f) => [f, clean[f]])), ...(changeRequest ? { changeRequestId: changeRequest.id, pendingReview: needsReview, reviewCase } : {}) },
      });
    }
    return { applied: direct, changeRequest };
  });
}

export async function getProfile(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
  const fields = await loadProfileFields(ctx.db, client.id);
  const rules = findEntity(ctx.config, client.entity_id)?.clientTypes[client.client_type];
  const required = (rules?.requiredFields ?? []) as ProfileField[];
  const changeRequests = await ctx.db
    .selectFrom('profile_change_request')
    .select(['id', 'status', 'new_fields', 'created_at', 'decided_at'])
    .where('client_id', '=', client.id)
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
  return {
    clientType: client.client_type,
    fields,
    required,
    progress: { done: required.filter((f) => f in fields).length, total: required.length },
    changeRequests: changeRequests.map((r) => ({ id: r.id, status: r.status, fields: Object.keys(r.new_fields), requested: r.new_fields, createdAt: r.created_at, decidedAt: r.decided_at })),
  };
}

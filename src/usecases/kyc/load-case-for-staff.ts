/** Loads a KYC case for a staff action: role and entity scope checked, optionally locked for a decision. */
import { NotFoundError } from '../../domain/errors';
import { authorize, type Action, type StaffActor } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { KycCaseRow } from '../../persistence/tables/onboarding-tables';
import type { UnitOfWork } from '../unit-of-work';
import type { AppContext } from '../app-context';
import { ConflictError } from '../../domain/errors';

export async function lockCaseForStaff(uow: UnitOfWork, actor: Actor, action: Action, caseId: string, expectedVersion?: number): Promise<{ kycCase: KycCaseRow; staff: StaffActor }> {
  authorize(actor, action);
  // Lock order everywhere: client, then its case, then its documents. Taking
  // the client first here keeps a decision from deadlocking with the client's
  // own profile save or a provider webhook (which lock the client first).
  const owner = isUuid(caseId) ? await uow.trx.selectFrom('kyc_case').select('client_id').where('id', '=', caseId).executeTakeFirst() : undefined;
  if (!owner) throw new NotFoundError('KYC case');
  await uow.trx.selectFrom('client').select('id').where('id', '=', owner.client_id).forUpdate().execute();
  const kycCase = await uow.trx.selectFrom('kyc_case').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
  if (!kycCase) throw new NotFoundError('KYC case');
  authorize(actor, action, { entityId: kycCase.entity_id });
  if (expectedVersion !== undefined && expectedVersion !== kycCase.version) {
    throw new ConflictError('This case changed since you opened it. Reload it and decide again.', { currentVersion: kycCase.version }, 'stale_case');
  }
  return { kycCase, staff: actor };
}

export async function readCaseForStaff(ctx: AppContext, actor: Actor, action: Action, caseId: string): Promise<KycCaseRow> {
  authorize(actor, action);
  const kycCase = isUuid(caseId) ? await ctx.db.selectFrom('kyc_case').selectAll().where('id', '=', caseId).executeTakeFirst() : undefined;
  if (!kycCase) throw new NotFoundError('KYC case');
  authorize(actor, action, { entityId: kycCase.entity_id });
  return kycCase;
}

/** Internal notes on a case: staff only, never shown to the client, append-only. */
import { ValidationError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { newId } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { lockCaseForStaff } from './load-case-for-staff';

export async function addCaseNote(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { body: string }) {
  const body = input.body.trim();
  if (!body) throw new ValidationError('Write the note.', { fields: { body: 'Required' } });
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, 'kyc.case.note', caseId);
    const id = newId(uow.now.getTime());
    await uow.trx.insertInto('case_note').values({ id, case_id: kycCase.id, client_id: kycCase.client_id, author_id: staff.id, body, created_at: uow.now }).execute();
    await uow.audit({
      actorType: 'staff', actorId: staff.id, action: 'kyc_case.note_added', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: kycCase.client_id,
      newValues: { noteId: id }, note: body,
    });
    return { id, createdAt: uow.now };
  });
}

/** Ends a session in either realm; audited on the subject's stream. */
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { deleteSession, type Realm } from './sessions';

export async function logOut(ctx: AppContext, meta: RequestMeta, realm: Realm, token: string): Promise<void> {
  await inTransaction(ctx, meta, async (uow) => {
    const session = await deleteSession(uow.trx, token);
    if (!session || session.realm !== realm) return;
    await uow.audit({
      actorType: realm,
      actorId: session.subject_id,
      action: `${realm}.logged_out`,
      subjectType: realm,
      subjectId: session.subject_id,
      clientId: realm === 'client' ? session.subject_id : null,
    });
  });
}

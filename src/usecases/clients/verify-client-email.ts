/** The client opens the link from the verification email. */
import { clientAccountMachine, type ClientAccountState } from '../../domain/machines/client-account-machine';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { changeClientStatus } from './change-client-status';
import { consumeOneTimeToken } from './one-time-tokens';

export async function verifyClientEmail(ctx: AppContext, meta: RequestMeta, token: string): Promise<{ verified: true }> {
  return inTransaction(ctx, meta, async (uow) => {
    const clientId = await consumeOneTimeToken(uow.trx, 'email_verification', token, uow.now);
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
    const { to } = clientAccountMachine.transition(client.status as ClientAccountState, 'verify_email', { by: 'client' });
    await changeClientStatus(ctx.config, uow, client, { status: to, verification_level: 'email_verified', email_verified_at: uow.now }, { actorType: 'client', actorId: clientId });
    await uow.audit({
      actorType: 'client',
      actorId: clientId,
      action: 'client.email_verified',
      subjectType: 'client',
      subjectId: clientId,
      clientId,
      oldValues: { status: client.status, verificationLevel: client.verification_level, emailVerifiedAt: null },
      newValues: { status: to, verificationLevel: 'email_verified', emailVerifiedAt: uow.now },
    });
    return { verified: true as const };
  });
}

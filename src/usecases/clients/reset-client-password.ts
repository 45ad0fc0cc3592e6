/**
 * Password reset in two steps: ask for a link (the answer never says whether
 * the email is registered), then set a new password with the link's token,
 * which also ends every open session of that client.
 */
import { ValidationError } from '../../domain/errors';
import { hashPassword } from '../../security/passwords';
import type { AppContext, RequestMeta } from '../app-context';
import { deleteAllSessions } from '../sessions/sessions';
import { inTransaction } from '../unit-of-work';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-tokens';

export async function requestPasswordReset(ctx: AppContext, meta: RequestMeta, rawEmail: string): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  await inTransaction(ctx, meta, async (uow) => {
    const client = await uow.trx.selectFrom('client').selectAll().where('email', '=', email).executeTakeFirst();
    if (!client || client.status === 'closed') return;
    const minutes = ctx.config.clients.passwordResetMinutes;
    const token = await issueOneTimeToken(uow.trx, 'password_reset', client.id, uow.now, minutes * 60_000);
    await uow.enqueue('email.send', {
      template: 'password_reset',
      to: client.email,
      language: client.language,
      variables: {
        firstName: client.first_name,
        brokerName: ctx.config.broker.name,
        validMinutes: String(minutes),
        link: `${ctx.publicUrl}/reset-password?token=${token}`,
      },
    });
    await uow.audit({
      actorType: 'client',
      actorId: client.id,
      action: 'client.password_reset_requested',
      subjectType: 'client',
      subjectId: client.id,
      clientId: client.id,
    });
  });
}

export async function resetPassword(ctx: AppContext, meta: RequestMeta, input: { token: string; password: string }): Promise<void> {
  const minLength = ctx.config.clients.passwordMinLength;
  if (input.password.length < minLength) {
    throw new ValidationError('The password is too short.', { fields: { password: `Use at least ${minLength} characters.` } });
  }
  const passwordHash = await hashPassword(input.password);
  await inTransaction(ctx, meta, async (uow) => {
    const clientId = await consumeOneTimeToken(uow.trx, 'password_reset', input.token, uow.now);
    await uow.trx.updateTable('client').set({ password_hash: passwordHash, updated_at: uow.now }).where('id', '=', clientId).execute();
    const endedSessions = await deleteAllSessions(uow.trx, 'client', clientId);
    await uow.audit({
      actorType: 'client',
      actorId: clientId,
      action: 'client.password_reset',
      subjectType: 'client',
      subjectId: clientId,
      clientId,
      newValues: { passwordChanged: true, endedSessions },
    });
  });
}

/** The client chooses the language of the portal and of the emails we send them. */
import type { Language } from '../../config/vocabulary';
import { UnauthenticatedError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';

export async function changeMyLanguage(ctx: AppContext, meta: RequestMeta, actor: Actor, language: Language): Promise<{ language: Language }> {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  return inTransaction(ctx, meta, async (uow) => {
    const client = await uow.trx.selectFrom('client').select(['id', 'language']).where('id', '=', actor.id).forUpdate().executeTakeFirstOrThrow();
    // Choosing the language already in use changes nothing and writes nothing.
    if (client.language === language) return { language };
    await uow.trx.updateTable('client').set({ language, updated_at: uow.now }).where('id', '=', client.id).execute();
    await uow.audit({
      actorType: 'client', actorId: client.id, action: 'client.language_changed', subjectType: 'client', subjectId: client.id, clientId: client.id,
      oldValues: { language: client.language }, newValues: { language },
    });
    return { language };
  });
}

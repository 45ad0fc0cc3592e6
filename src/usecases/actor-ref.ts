import type { Actor } from '../domain/roles';

/** The actor columns of an audit event. */
export function actorRef(actor: Actor): { actorType: Actor['type']; actorId: string } {
  return { actorType: actor.type, actorId: actor.id };
}

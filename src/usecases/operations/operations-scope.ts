/**
 * Who sees which entities in the operations view and the exports: the
 * entity asked for (refused when out of the staff member's scope, 422 when
 * the configuration has no such entity), else every entity of their scope.
 */
import { sql, type RawBuilder } from 'kysely';
import { ValidationError } from '../../domain/errors';
import { authorize, type Action, type StaffActor } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { AppContext } from '../app-context';

export interface EntityScope {
  actor: StaffActor;
  /** The entities whose records count; 'all' for staff of every entity without a filter. */
  entityIds: readonly string[] | 'all';
}

export function entityScope(ctx: AppContext, actor: Actor, action: Action, entity: string | undefined): EntityScope {
  authorize(actor, action, entity ? { entityId: entity } : undefined);
  if (entity !== undefined && !ctx.config.entities.some((e) => e.id === entity)) {
    throw new ValidationError(`There is no entity "${entity}".`, { fields: { entity: `One of: ${ctx.config.entities.map((e) => e.id).join(', ')}` } }, 'entity_unknown');
  }
  return { actor, entityIds: entity !== undefined ? [entity] : actor.entityIds };
}

/** The entity ids to filter on in SQL, or null for no filter; an empty scope matches nothing. */
export function entityFilter(scope: EntityScope): string[] | null {
  if (scope.entityIds === 'all') return null;
  return scope.entityIds.length ? [...scope.entityIds] : [''];
}

/** `column IN (…)` for the entity filter, or true without one. */
export function inEntities(column: string, entityIds: string[] | null): RawBuilder<unknown> {
  return entityIds === null ? sql`true` : sql`${sql.ref(column)} in (${sql.join(entityIds)})`;
}

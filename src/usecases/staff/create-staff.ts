/**
 * Creates a staff member with roles and entity scope. An admin can only grant
 * scope it holds itself. The first admin is created from the command line
 * (`npm run staff -- create`), with the system as actor.
 */
import { randomBytes } from 'node:crypto';
import { findEntity } from '../../config/lookups';
import { ConflictError, ForbiddenError, ValidationError } from '../../domain/errors';
import { authorize, inEntityScope } from '../../domain/permissions';
import type { Actor, StaffRole } from '../../domain/roles';
import { newId } from '../../persistence/ids';
import { hashPassword } from '../../security/passwords';
import { actorRef } from '../actor-ref';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { staffView, type StaffView } from './staff-views';

export interface CreateStaffInput {
  email: string;
  displayName: string;
  roles: StaffRole[];
  entityIds: string[] | 'all';
  /** Only the command line may choose; otherwise a temporary password is generated. */
  password?: string;
}

export function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function createStaff(
  ctx: AppContext,
  meta: RequestMeta,
  actor: Actor,
  input: CreateStaffInput,
): Promise<{ staff: StaffView; temporaryPassword: string }> {
  if (actor.type !== 'system') {
    authorize(actor, 'staff.create');
    const wanted = input.entityIds === 'all' ? null : input.entityIds;
    if (actor.entityIds !== 'all' && (wanted === null || wanted.some((id) => !inEntityScope(actor, id)))) {
      throw new ForbiddenError(
        'You can only grant access to entities you are assigned to.',
        { fields: { entityIds: `Allowed: ${actor.entityIds.join(', ')}` } },
        'out_of_scope',
      );
    }
  }
  if (input.entityIds !== 'all') {
    const unknown = input.entityIds.filter((id) => !findEntity(ctx.config, id));
    if (unknown.length > 0) throw new ValidationError(`Unknown entity: ${unknown.join(', ')}`, { fields: { entityIds: `Unknown entity: ${unknown.join(', ')}` } });
    if (input.entityIds.length === 0) throw new ValidationError('Choose at least one entity, or all.', { fields: { entityIds: 'Choose at least one entity.' } });
  }
  const password = input.password ?? temporaryPassword();
  if (password.length < ctx.config.staff.passwordMinLength) {
    throw new ValidationError('The password is too short.', { fields: { password: `Use at least ${ctx.config.staff.passwordMinLength} characters.` } });
  }
  const passwordHash = await hashPassword(password);
  const email = input.email.trim().toLowerCase();
  const roles = [...new Set(input.roles)];
  const staff = await inTransaction(ctx, meta, async (uow) => {
    const existing = await uow.trx.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) throw new ConflictError('A staff member with this email already exists.', { fields: { email: 'Already in use.' } }, 'email_taken');
    const row = await uow.trx
      .insertInto('staff')
      .values({
        id: newId(uow.now.getTime()),
        email,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        roles,
        entity_ids: input.entityIds === 'all' ? null : input.entityIds,
        totp_secret: null,
        totp_enrolled_at: null,
        totp_last_step: null,
        active: true,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      ...actorRef(actor),
      action: 'staff.created',
      subjectType: 'staff',
      subjectId: row.id,
      newValues: { email, displayName: row.display_name, roles, entityIds: input.entityIds },
    });
    return row;
  });
  return { staff: staffView(staff), temporaryPassword: password };
}

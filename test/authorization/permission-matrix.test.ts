/**
 * The whole permission matrix, through the real use cases: every action ×
 * every role × in/out of entity scope → allowed, or 403. The expected table
 * is written out here from SPEC §3, independently of src/domain/permissions.ts,
 * so a change to the map that nobody meant fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../src/domain/errors';
import { ACTIONS, type Action } from '../../src/domain/permissions';
import { STAFF_ROLES, type Actor, type StaffRole } from '../../src/domain/roles';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { getClientDetail } from '../../src/usecases/backoffice/get-client-detail';
import { getClientTimeline } from '../../src/usecases/backoffice/get-client-timeline';
import { searchClients } from '../../src/usecases/backoffice/search-clients';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { listStaff } from '../../src/usecases/staff/list-staff';
import { registerVerifiedClient, uniqueEmail } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';

const EXPECTED_ROLES: Record<Action, StaffRole[]> = {
  'client.search': ['support', 'compliance', 'finance', 'supervisor'],
  'client.view': ['support', 'compliance', 'finance', 'supervisor'],
  'client.timeline.view': ['support', 'compliance', 'finance', 'supervisor'],
  'staff.list': ['admin', 'supervisor'],
  'staff.create': ['admin'],
};

let app: TestApp;
let euClientId: string;
beforeAll(async () => {
  app = await startTestApp();
  euClientId = (await registerVerifiedClient(app, { country: 'DE' })).id;
});
afterAll(async () => app?.close());

/** Runs the real use case behind each action, on a record of entity "eu". */
const PROBES: Record<Action, (actor: Actor) => Promise<unknown>> = {
  'client.search': (actor) => searchClients(app.ctx, actor, { entity: 'eu' }),
  'client.view': (actor) => getClientDetail(app.ctx, actor, euClientId),
  'client.timeline.view': (actor) => getClientTimeline(app.ctx, actor, euClientId, {}),
  'staff.list': (actor) => listStaff(app.ctx, actor),
  'staff.create': (actor) =>
    createStaff(app.ctx, SYSTEM_REQUEST, actor, { email: uniqueEmail('made'), displayName: 'Made', roles: ['support'], entityIds: ['eu'] }),
};

/** Actions that concern one entity's records; the others ignore scope. */
const SCOPED: Record<Action, boolean> = {
  'client.search': true,
  'client.view': true,
  'client.timeline.view': true,
  'staff.list': false,
  'staff.create': true,
};

function staffActor(role: StaffRole, entityIds: string[] | 'all'): Actor {
  return { type: 'staff', id: '00000000-0000-7000-8000-000000000001', roles: [role], entityIds };
}

describe('permission matrix', () => {
  it('declares exactly the actions this test knows', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED_ROLES).sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    STAFF_ROLES.flatMap((role) =>
      (['all', 'in scope', 'out of scope'] as const).map((scope) => ({ action, role, scope })),
    ),
  );

  it.each(cases)('$action by $role ($scope)', async ({ action, role, scope }) => {
    const entityIds = scope === 'all' ? 'all' : scope === 'in scope' ? ['eu'] : ['offshore'];
    const allowed = EXPECTED_ROLES[action].includes(role) && (scope !== 'out of scope' || !SCOPED[action]);
    const run = PROBES[action](staffActor(role, entityIds));
    if (allowed) await expect(run).resolves.toBeDefined();
    else await expect(run).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each(ACTIONS)('%s refuses clients and the system with 401', async (action) => {
    if (action === 'staff.create') return; // the system (CLI) may create the first admin by design
    await expect(PROBES[action]({ type: 'client', id: euClientId, entityId: 'eu' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(PROBES[action]({ type: 'system', id: 'x' })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('filters search results to the staff member’s entities', async () => {
    const offshoreClient = await registerVerifiedClient(app, { country: 'ZA' });
    const euOnly = await searchClients(app.ctx, staffActor('support', ['eu']), {});
    expect(euOnly.items.every((c) => c.entityId === 'eu')).toBe(true);
    expect(euOnly.items.map((c) => c.id)).not.toContain(offshoreClient.id);
  });
});

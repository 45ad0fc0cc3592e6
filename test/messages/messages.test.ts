/**
 * Messages between a client and support, over real HTTP: both directions,
 * the unread counts of each side going up and down, the support inbox
 * (oldest waiting first, counts per entity), the email to the client (without
 * the body), read markers up to a message, and cursor pages of a thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, seededClient, type LoggedInStaff, type SeededClient } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { freshPdf, freshPng } from '../kyc/kyc-support';
import { auditCount, clientWrites, messageRows, staffWrites, threadRow } from './message-support';

let app: TestApp;
let support: LoggedInStaff;
let compliance: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  support = await loggedInStaff(app, ['support']);
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

async function inbox(staff: LoggedInStaff, query = '') {
  const response = await staff.http.get(`/api/backoffice/messages/inbox${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function clientUnread(client: SeededClient): Promise<number> {
  const response = await client.http.get('/api/portal/messages/unread');
  expect(response.status).toBe(200);
  return response.body.unread;
}

describe('a conversation both ways', () => {
  let client: SeededClient;
  let firstId = '';
  let attachmentId = '';
  const png = freshPng();

  it('a client writes with an attachment: support sees the thread in the inbox with its unread count', async () => {
    client = await seededClient(app, { emailPrefix: 'messages' });
    const sent = await clientWrites(client.http, { body: '  Where is my deposit? Receipt attached.  ', files: [{ bytes: png, name: 'receipt.png', type: 'image/png' }] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    firstId = sent.body.message.id;
    expect(sent.body.message).toMatchObject({ authorType: 'client', body: 'Where is my deposit? Receipt attached.', case: null, readByRecipient: false });
    expect(sent.body.message.attachments).toEqual([{ id: expect.any(String), fileName: 'receipt.png', mimeType: 'image/png', sizeBytes: png.length }]);
    attachmentId = sent.body.message.attachments[0].id;
    expect(await app.ctx.files.get((await app.ctx.db.selectFrom('client_message_attachment').select('file_sha256').where('id', '=', attachmentId).executeTakeFirstOrThrow()).file_sha256)).toEqual(png);

    const box = await inbox(support);
    const item = box.items.find((i: { clientId: string }) => i.clientId === client.id);
    expect(item).toMatchObject({ clientName: 'Anna Schmidt', entityId: 'eu', unreadCount: 1, preview: 'Where is my deposit? Receipt attached.' });
    expect(box.counts.byEntity.find((e: { entityId: string }) => e.entityId === 'eu')).toMatchObject({ threads: expect.any(Number), messages: expect.any(Number) });
    expect((await support.http.get('/api/backoffice/messages/summary')).body.threads).toBeGreaterThanOrEqual(1);
    // Nothing for the client to read: the message is theirs.
    expect(await clientUnread(client)).toBe(0);

    const audit = await app.ctx.db.selectFrom('audit_event').selectAll().where('subject_id', '=', firstId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'message.sent', actor_type: 'client', actor_id: client.id, client_id: client.id });
    expect(audit.new_values).toMatchObject({ authorType: 'client', bodyLength: 38, bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/), staffUnread: 1, clientUnread: 0 });
    expect(JSON.stringify(audit.new_values)).not.toContain('Where is my deposit');
  });

  it('support reads the thread and the attachment (audited); marking it read takes it off the inbox', async () => {
    const thread = await support.http.get(`/api/backoffice/clients/${client.id}/messages`);
    expect(thread.status).toBe(200);
    expect(thread.body.unread).toEqual({ staff: 1, client: 0 });
    expect(thread.body.items).toHaveLength(1);
    expect(thread.body.items[0]).toMatchObject({ id: firstId, authorType: 'client', authorId: client.id, authorName: null });

    const file = await fetch(`${app.baseUrl}/api/backoffice/message-attachments/${attachmentId}/file`, { headers: { cookie: `tr_staff=${support.http.cookie('tr_staff')}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(await auditCount(app, client.id, 'message_attachment.viewed')).toBe(1);

    const read = await support.http.post(`/api/backoffice/clients/${client.id}/messages/read`, { upToMessageId: firstId });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.unread).toEqual({ staff: 0, client: 0 });
    expect((await inbox(support)).items.map((i: { clientId: string }) => i.clientId)).not.toContain(client.id);
    expect(await threadRow(app, client.id)).toMatchObject({ staff_unread_count: 0, staff_unread_since: null, staff_read_by: support.id, staff_read_through_id: firstId });
    expect(await auditCount(app, client.id, 'message_thread.read_by_staff')).toBe(1);
    // Again: nothing left to read, nothing written.
    expect((await support.http.post(`/api/backoffice/clients/${client.id}/messages/read`, {})).status).toBe(200);
    expect(await auditCount(app, client.id, 'message_thread.read_by_staff')).toBe(1);
    // The client sees their message was read.
    expect((await client.http.get('/api/portal/messages')).body.items[0].readByRecipient).toBe(true);
  });

  it('support replies: the client gets an email without the body, an unread count, and the reply without the staff name', async () => {
    const reply = await staffWrites(support.http, client.id, { body: 'Your deposit was credited this morning. SECRET-BODY-MARKER', files: [{ bytes: freshPdf(), name: 'statement.pdf', type: 'application/pdf' }] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.message).toMatchObject({ authorType: 'staff', authorId: support.id, authorName: 'Test support' });
    expect(await clientUnread(client)).toBe(1);

    const mail = await app.waitForMail(client.email);
    expect(mail).toContain('Subject: You have a new message');
    expect(mail).toContain('http://traderoom.test/messages');
    expect(mail).not.toContain('SECRET-BODY-MARKER');

    const mine = await client.http.get('/api/portal/messages');
    expect(mine.status).toBe(200);
    expect(mine.body.unread).toBe(1);
    const [newest] = mine.body.items;
    expect(newest).toMatchObject({ authorType: 'staff', body: 'Your deposit was credited this morning. SECRET-BODY-MARKER', readByRecipient: false });
    expect(newest).not.toHaveProperty('authorId');
    expect(newest).not.toHaveProperty('authorName');
    expect(JSON.stringify(mine.body)).not.toContain(support.id);

    // The client downloads the statement; the read is audited on their side too.
    const statementId = newest.attachments[0].id;
    const file = await fetch(`${app.baseUrl}/api/portal/message-attachments/${statementId}/file`, { headers: { cookie: `tr_portal=${client.http.cookie('tr_portal')}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(await auditCount(app, client.id, 'message_attachment.viewed')).toBe(2);

    const read = await client.http.post('/api/portal/messages/read', {});
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(0);
    expect(await clientUnread(client)).toBe(0);
    expect(await auditCount(app, client.id, 'message_thread.read_by_client')).toBe(1);
    // Support sees the client read it.
    expect((await support.http.get(`/api/backoffice/clients/${client.id}/messages`)).body.items[0].readByRecipient).toBe(true);
  });

  it('another role of the same entity (compliance) reads and writes in the same thread', async () => {
    const sent = await staffWrites(compliance.http, client.id, { body: 'Compliance here: please also send a payslip.' });
    expect(sent.status).toBe(201);
    const thread = await support.http.get(`/api/backoffice/clients/${client.id}/messages`);
    expect(thread.body.items.map((m: { authorName: string | null }) => m.authorName)).toEqual(['Test compliance', 'Test support', null]);
    expect(await clientUnread(client)).toBe(1);
  });
});

describe('read markers and the inbox order', () => {
  it('marking read up to a message leaves later ones unread, and the thread waits from the first unread one', async () => {
    const client = await seededClient(app, { emailPrefix: 'messages-marker' });
    const first = await clientWrites(client.http, { body: 'First question' });
    const second = await clientWrites(client.http, { body: 'Second question' });
    expect((await threadRow(app, client.id))?.staff_unread_count).toBe(2);

    const read = await support.http.post(`/api/backoffice/clients/${client.id}/messages/read`, { upToMessageId: first.body.message.id });
    expect(read.body.unread.staff).toBe(1);
    const row = await threadRow(app, client.id);
    expect(row?.staff_unread_since?.toISOString()).toBe(second.body.message.createdAt);
    const item = (await inbox(support)).items.find((i: { clientId: string }) => i.clientId === client.id);
    expect(item).toMatchObject({ unreadCount: 1, preview: 'Second question' });
    // A marker never moves back.
    expect((await support.http.post(`/api/backoffice/clients/${client.id}/messages/read`, { upToMessageId: first.body.message.id })).body.unread.staff).toBe(1);
  });

  it('lists waiting threads oldest first, filters by entity and counts per entity', async () => {
    const older = await seededClient(app, { emailPrefix: 'messages-older' });
    const newer = await seededClient(app, { emailPrefix: 'messages-newer' });
    await clientWrites(older.http, { body: 'I wrote first' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await clientWrites(newer.http, { body: 'I wrote second' });
    const ids: string[] = (await inbox(support, '?entity=eu')).items.map((i: { clientId: string }) => i.clientId);
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    const box = await inbox(support);
    const eu = box.counts.byEntity.find((e: { entityId: string }) => e.entityId === 'eu');
    const waiting = await app.ctx.db.selectFrom('client_message_thread').select(['staff_unread_count']).where('staff_unread_count', '>', 0).where('entity_id', '=', 'eu').execute();
    expect(eu).toEqual({ entityId: 'eu', threads: waiting.length, messages: waiting.reduce((sum, t) => sum + t.staff_unread_count, 0) });
    expect(box.counts.threads).toBe(box.counts.byEntity.reduce((sum: number, e: { threads: number }) => sum + e.threads, 0));
    expect((await inbox(support, '?entity=offshore')).items).toEqual([]);
  });
});

describe('concurrent messages', () => {
  it('counts every one of many parallel messages exactly once, each stamped after the previous', async () => {
    const client = await seededClient(app, { emailPrefix: 'messages-parallel' });
    expect((await clientWrites(client.http, { body: 'opening' })).status).toBe(201);
    const sent = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? staffWrites(support.http, client.id, { body: `staff ${i}` }) : clientWrites(client.http, { body: `client ${i}` }))));
    expect(sent.map((r) => r.status)).toEqual(Array(8).fill(201));
    const thread = await threadRow(app, client.id);
    expect(thread).toMatchObject({ message_count: 9, staff_unread_count: 5, client_unread_count: 4 });
    const rows = await messageRows(app, client.id);
    const instants = rows.map((m) => m.created_at.getTime());
    expect(new Set(instants).size).toBe(9);
    expect(thread?.last_message_at.getTime()).toBe(Math.max(...instants));
  });
});

describe('pages of a thread', () => {
  it('walks the thread newest first in cursor pages without gaps or repeats', async () => {
    const client = await seededClient(app, { emailPrefix: 'messages-pages' });
    for (let i = 1; i <= 7; i++) {
      const sent = i % 2 ? await clientWrites(client.http, { body: `client ${i}` }) : await staffWrites(support.http, client.id, { body: `staff ${i}` });
      expect(sent.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { status: number; body: any } = await client.http.get(`/api/portal/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items.map((m: { body: string }) => m.body));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['client 7', 'staff 6', 'client 5', 'staff 4', 'client 3', 'staff 2', 'client 1']);
    const rows = await messageRows(app, client.id);
    expect(rows).toHaveLength(7);
    // Staff page the same thread the same way.
    const staffPage = await support.http.get(`/api/backoffice/clients/${client.id}/messages?limit=5`);
    expect(staffPage.body.items).toHaveLength(5);
    const rest = await support.http.get(`/api/backoffice/clients/${client.id}/messages?limit=5&cursor=${staffPage.body.nextCursor}`);
    expect(rest.body.items.map((m: { body: string }) => m.body)).toEqual(['staff 2', 'client 1']);
    expect(rest.body.nextCursor).toBeNull();
  });
});

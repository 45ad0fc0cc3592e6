/** The status emails queued for a client, read from the outbox (pg-boss's job table), oldest first. */
import { sql } from 'kysely';
import type { EmailJob } from '../../src/jobs/job-types';
import type { TestApp } from '../support/test-app';

export async function emailsTo(app: TestApp, email: string): Promise<EmailJob[]> {
  const { rows } = await sql<{ data: EmailJob }>`
    select data from pgboss.job where name = 'email.send' and data->>'to' = ${email} order by created_on, id
  `.execute(app.ctx.db);
  return rows.map((r) => r.data);
}

export async function templatesTo(app: TestApp, email: string): Promise<string[]> {
  return (await emailsTo(app, email)).map((e) => e.template);
}

/** Each payload as one string: what a test checks for words that must never reach the client. */
export async function payloadTextTo(app: TestApp, email: string): Promise<string> {
  return JSON.stringify(await emailsTo(app, email));
}

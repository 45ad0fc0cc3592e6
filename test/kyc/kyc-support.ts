/**
 * Shared steps of the KYC tests, all over real HTTP: a client's profile,
 * multipart uploads, submission; a reviewer's claim and decision; and the
 * reads the tests assert on (next steps, the case, the audit).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { epochDayOfIsoDate, isoDateOfEpochDay } from '../../src/domain/sla/zoned-time';
import { sha256Hex } from '../../src/integrations/files/file-store';
import { brokerToday } from '../../src/usecases/onboarding/onboarding-facts';
import { PASSWORD, registerVerifiedClient, type LoggedInStaff, type RegisteredClient } from '../support/actors';
import { HttpClient, type HttpResponse } from '../support/http-client';
import type { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { samplePdf, samplePng } from '../integrations/files/sample-files';

export type NextStep = { code: string; title: string; detail: string };

/** Today where the broker works (what the date rules use), on the app's clock. */
export function today(app: TestApp): string {
  return brokerToday(app.ctx.config, app.ctx.clock.now());
}

export function addDays(isoDate: string, days: number): string {
  return isoDateOfEpochDay(epochDayOfIsoDate(isoDate)! + days);
}

/** Every field an individual of entity `eu` must give (config/demo.yaml), valid. */
export function individualProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    legal_name: { firstName: 'Maria', lastName: 'Keller' },
    date_of_birth: '1988-04-12',
    nationality: 'DE',
    residential_address: { line1: 'Hauptstrasse 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    tax_residence: 'DE',
    tax_number: 'DE 123/456/789',
    employment_status: 'employed',
    source_of_funds: 'salary',
    trading_experience: '1_to_3_years',
    ...overrides,
  };
}

export interface UploadInput {
  documentType: string;
  bytes: Buffer;
  fileName?: string;
  mimeType?: string;
  issueDate?: string;
  expiryDate?: string;
}

/** multipart/form-data built with FormData + Blob, the way a browser sends it. */
export function uploadForm(input: UploadInput): FormData {
  const form = new FormData();
  form.append('documentType', input.documentType);
  if (input.issueDate) form.append('issueDate', input.issueDate);
  if (input.expiryDate) form.append('expiryDate', input.expiryDate);
  form.append('file', new Blob([new Uint8Array(input.bytes)], { type: input.mimeType ?? 'application/octet-stream' }), input.fileName ?? 'document.pdf');
  return form;
}

export function upload(http: HttpClient, input: UploadInput): Promise<HttpResponse> {
  return http.postForm('/api/portal/documents', uploadForm(input));
}

/** A distinct, valid PDF each call (so each upload is a new file in the store). */
let pdfCounter = 0;
export function freshPdf(): Buffer {
  pdfCounter += 1;
  return samplePdf({ extraObjects: [`<< /Producer (kyc test ${process.pid}-${pdfCounter}) >>`] });
}

let pngCounter = 0;
export function freshPng(): Buffer {
  pngCounter += 1;
  return samplePng({ width: 2 + (pngCounter % 50), height: 2 + Math.floor(pngCounter / 50) });
}

export async function uploadPassport(app: TestApp, http: HttpClient, expiryDate = addDays(today(app), 5 * 365)) {
  const response = await upload(http, { documentType: 'passport', bytes: freshPdf(), fileName: 'passport.pdf', mimeType: 'application/pdf', expiryDate });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.document;
}

export async function uploadProofOfAddress(app: TestApp, http: HttpClient, issueDate = addDays(today(app), -10)) {
  const response = await upload(http, { documentType: 'proof_of_address', bytes: freshPng(), fileName: 'utility-bill.png', mimeType: 'image/png', issueDate });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.document;
}

export async function patchProfile(http: HttpClient, fields: Record<string, unknown>) {
  return http.patch('/api/portal/profile', { fields });
}

export async function nextSteps(http: HttpClient): Promise<NextStep[]> {
  const me = await http.get('/api/portal/me');
  expect(me.status).toBe(200);
  return me.body.nextSteps;
}

export async function nextStepCodes(http: HttpClient): Promise<string[]> {
  return (await nextSteps(http)).map((s) => s.code);
}

export async function submit(http: HttpClient): Promise<HttpResponse> {
  return http.post('/api/portal/kyc/submit');
}

/** Registers a client and takes them to a submitted application (case pending). */
export async function submittedClient(
  app: TestApp,
  options: { profile?: Record<string, unknown>; country?: string; passportExpiry?: string } = {},
): Promise<RegisteredClient & { caseId: string }> {
  const client = await registerVerifiedClient(app, options.country ? { country: options.country } : {});
  expect((await patchProfile(client.http, individualProfile(options.profile))).status).toBe(200);
  await uploadPassport(app, client.http, options.passportExpiry);
  await uploadProofOfAddress(app, client.http);
  const submitted = await submit(client.http);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { ...client, caseId: submitted.body.caseId };
}

export async function claim(staff: LoggedInStaff, caseId: string, note?: string) {
  return staff.http.post(`/api/backoffice/kyc/cases/${caseId}/claim`, note ? { note } : {});
}

export async function decide(staff: LoggedInStaff, caseId: string, body: Record<string, unknown>) {
  return staff.http.post(`/api/backoffice/kyc/cases/${caseId}/decision`, body);
}

/** Claims and approves; returns the client verified. */
export async function claimAndApprove(staff: LoggedInStaff, caseId: string, note = 'Documents match the profile.') {
  const claimed = await claim(staff, caseId);
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  const approved = await decide(staff, caseId, { decision: 'approve', note });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body;
}

/** A client taken all the way to verified (active) by a compliance reviewer. */
export async function verifiedClient(
  app: TestApp,
  reviewer: LoggedInStaff,
  options: Parameters<typeof submittedClient>[1] = {},
): Promise<RegisteredClient & { caseId: string }> {
  const client = await submittedClient(app, options);
  await claimAndApprove(reviewer, client.caseId);
  return client;
}

/** A fresh portal session for an existing client (after the clock moved past the old one). */
export async function logInClient(app: TestApp, email: string): Promise<HttpClient> {
  const http = new HttpClient(app.baseUrl);
  const login = await http.post('/api/portal/login', { email, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return http;
}

export async function caseRow(app: TestApp, caseId: string) {
  return app.ctx.db.selectFrom('kyc_case').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

export async function clientRow(app: TestApp, clientId: string) {
  return app.ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
}

export async function casesOf(app: TestApp, clientId: string) {
  return app.ctx.db.selectFrom('kyc_case').selectAll().where('client_id', '=', clientId).orderBy('opened_at').orderBy('id').execute();
}

export async function auditActions(app: TestApp, clientId: string): Promise<string[]> {
  const rows = await app.ctx.db.selectFrom('audit_event').select('action').where('client_id', '=', clientId).orderBy('occurred_at').orderBy('seq').execute();
  return rows.map((r) => r.action);
}

export async function auditEvents(app: TestApp, filter: { clientId?: string; subjectId?: string; action?: string }) {
  let query = app.ctx.db.selectFrom('audit_event').selectAll();
  if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.action) query = query.where('action', '=', filter.action);
  return query.orderBy('occurred_at').orderBy('seq').execute();
}

/** Every file under the store's root (the test app keeps it in `<mailDir>/files`). */
export function storedFiles(app: TestApp): string[] {
  const root = join(app.mailDir, 'files');
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

export async function isStored(app: TestApp, bytes: Buffer): Promise<boolean> {
  return app.ctx.files.has(sha256Hex(bytes));
}

/** Waits until a background job has left its mark. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  let last: T | undefined;
  await waitFor(async () => {
    last = await read();
    return accept(last);
  }, timeoutMs, 100);
  return last as T;
}

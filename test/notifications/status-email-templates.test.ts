/** Every client notification a machine declares has its template in English and Arabic; Arabic renders right to left. */
import { describe, expect, it } from 'vitest';
import { depositMachine } from '../../src/domain/machines/deposit-machine';
import { documentMachine } from '../../src/domain/machines/document-machine';
import { kycCaseMachine } from '../../src/domain/machines/kyc-case-machine';
import type { Machine } from '../../src/domain/machines/machine';
import { withdrawalMachine } from '../../src/domain/machines/withdrawal-machine';
import { type ClientRequestKind, STATUS_EMAIL_TEMPLATES, statusEmailTemplate } from '../../src/domain/notifications/client-status-emails';
import { renderEmail } from '../../src/integrations/email/email-templates';
import { reasonText } from '../../src/integrations/email/status-email-reasons';
import { STATUS_EMAIL_CATALOGUE } from '../../src/integrations/email/status-email-templates';

const MACHINES: [ClientRequestKind, Machine<string, string>][] = [
  ['document', documentMachine],
  ['kyc', kycCaseMachine],
  ['deposit', depositMachine],
  ['withdrawal', withdrawalMachine],
];

const placeholders = (lines: string[]) => lines.join(' ').match(/\{\w+\}/g)?.sort() ?? [];

describe('status email templates', () => {
  it.each(MACHINES)('every %s event that notifies the client maps to a template whenever the client-facing status changes', (kind, machine) => {
    for (const event of machine.eventNames) {
      const def = machine.events[event]!;
      for (const from of def.from) {
        const template = statusEmailTemplate(kind, from, def.to, def.effects ?? []);
        if (!(def.effects ?? []).includes('notify.client')) expect(template).toBeNull();
        else if (machine.states[from]!.clientLabel === machine.states[def.to]!.clientLabel) expect(template).toBeNull();
        else expect(template, `${kind} ${event} from ${from}`).toMatch(new RegExp(`^${kind}_`));
      }
    }
  });

  it('the client is not emailed for an internal withdrawal stage hop, and is for a payout that failed', () => {
    expect(statusEmailTemplate('withdrawal', 'support_review', 'compliance_review', ['notify.client'])).toBeNull();
    const failed = withdrawalMachine.transition('payout_pending', 'payout_failed', { by: 'provider', reason: 'x', note: 'y' });
    expect(statusEmailTemplate('withdrawal', 'payout_pending', failed.to, failed.effects)).toBe('withdrawal_under_review');
  });

  it.each(STATUS_EMAIL_TEMPLATES)('%s exists in English and Arabic with the same placeholders', (name) => {
    const { en, ar } = STATUS_EMAIL_CATALOGUE;
    expect(en[name].subject.trim()).not.toBe('');
    expect(ar[name].subject).toMatch(/[\u0600-\u06FF]/);
    expect(placeholders(ar[name].lines)).toEqual(placeholders(en[name].lines));
  });

  it('renders Arabic right to left with the amount isolated, English left to right; variables are escaped', () => {
    const variables = { firstName: '<b>Ali</b>', amount: '\u2066€200.00\u2069', link: 'http://traderoom.test/funds', reason: '' };
    const ar = renderEmail({ template: 'withdrawal_paid', to: 'a@example.test', language: 'ar', variables });
    expect(ar.subject).toBe('تم دفع مبلغ السحب');
    expect(ar.html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expect(ar.html).toContain('\u2066€200.00\u2069');
    expect(ar.html).toContain('&lt;b&gt;Ali&lt;/b&gt;');
    expect(ar.text).toContain('عرض أموالك: http://traderoom.test/funds');
    const en = renderEmail({ template: 'withdrawal_paid', to: 'a@example.test', language: 'en', variables: { ...variables, amount: '€200.00' } });
    expect(en.html).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(en.text).toContain('Your withdrawal of €200.00 is paid.');
  });

  it('a reason code without words (a provider’s own code) reads as the default, never as the code', () => {
    expect(reasonText('en', 'deposit', 'do_not_honor_51')).toBe('The payment did not go through.');
    expect(reasonText('ar', 'withdrawal', null)).toBe('تعذّر علينا تنفيذ هذا السحب. يرجى التواصل مع فريق الدعم.');
    expect(reasonText('en', 'document', 'unreadable')).toBe('We could not read the document.');
  });
});

/**
 * HTML of the PSP simulator's operator page (GET /operator): what a provider's
 * back office would let the merchant's counterpart do, for people trying the
 * demo without the simulator's JS API — settle payouts (pay, fail, return),
 * refund a paid deposit, open / win / lose a chargeback, expire an open
 * session — and the last callbacks with Traderoom's answers. Plain forms that
 * POST and redirect back (303); every value is escaped. No authentication: the
 * simulator listens on loopback, for the demo only, and the page says so.
 */
import { escapeHtml, formatMinor, layout, OPERATOR_PAGE_PATH } from './hosted-page';

export interface OperatorSessionRow {
  providerName: string;
  protocol: string;
  id: string;
  reference: string;
  intent: string;
  method: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  refundedMinor: bigint;
  dispute?: { id: string; status: string } | undefined;
  createdAt: number;
}

export interface OperatorPayoutRow {
  providerName: string;
  protocol: string;
  id: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  failureMessage?: string | undefined;
  createdAt: number;
}

export interface OperatorDeliveryRow {
  sentAt: Date;
  providerId: string;
  type: string;
  reference: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error?: string | undefined;
}

export interface OperatorPageView {
  sessions: readonly OperatorSessionRow[];
  payouts: readonly OperatorPayoutRow[];
  deliveries: readonly OperatorDeliveryRow[];
  /** Anti-forgery token every form carries (the page has no login; this keeps other sites from posting to it). */
  token: string;
  notice?: { kind: 'ok' | 'error'; text: string } | undefined;
}

const e = escapeHtml;

function action(path: string, token: string, fields: Record<string, string>, label: string, extra = ''): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('');
  return `<form method="post" action="${e(path)}"><input type="hidden" name="token" value="${e(token)}">${hidden}${extra}<button type="submit">${e(label)}</button></form>`;
}

function sessionActions(s: OperatorSessionRow, token: string): string {
  const base = `${OPERATOR_PAGE_PATH}/sessions/${encodeURIComponent(s.id)}`;
  if (s.status === 'open') return action(`${base}/expire`, token, {}, 'Expire');
  if (s.intent !== 'payment' || s.status !== 'succeeded') return '';
  const out: string[] = [];
  const left = s.amountMinor - s.refundedMinor;
  if (left > 0n) {
    const amount = `<input name="amount_minor" inputmode="numeric" pattern="[0-9]*" placeholder="${e(String(left))}" aria-label="Amount to refund (minor units; empty: all that is left)">`;
    out.push(action(`${base}/refund`, token, {}, 'Refund', amount));
    out.push(action(`${base}/refund`, token, { fail: 'true' }, 'Refund (fails)'));
  }
  const disputeClosed = s.dispute?.status === 'won' || s.dispute?.status === 'lost';
  if (!disputeClosed) {
    if (!s.dispute) out.push(action(`${base}/chargeback`, token, { status: 'open' }, 'Chargeback: open'));
    out.push(action(`${base}/chargeback`, token, { status: 'won' }, 'Chargeback: won'));
    out.push(action(`${base}/chargeback`, token, { status: 'lost' }, 'Chargeback: lost'));
  }
  return out.join('');
}

function payoutActions(p: OperatorPayoutRow, token: string): string {
  const base = `${OPERATOR_PAGE_PATH}/payouts/${encodeURIComponent(p.id)}/settle`;
  if (p.status === 'pending') {
    return [action(base, token, { outcome: 'paid' }, 'Pay'), action(base, token, { outcome: 'failed' }, 'Fail'), action(base, token, { outcome: 'returned' }, 'Return')].join('');
  }
  if (p.status === 'paid') return action(base, token, { outcome: 'returned' }, 'Return');
  return '';
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function renderOperatorPage(view: OperatorPageView): string {
  const notice = view.notice ? `<p class="notice${view.notice.kind === 'error' ? ' error' : ''}" role="status" data-testid="operator-notice">${e(view.notice.text)}</p>` : '';
  const sessions = view.sessions.length
    ? view.sessions
        .map(
          (s) => `<tr data-session="${e(s.id)}">
<td>${e(when(s.createdAt))}</td><td>${e(s.providerName)}<br><span class="muted">${e(s.protocol)}</span></td>
<td>${e(s.reference)}<br><span class="muted">${e(s.id)}</span></td><td>${e(s.intent)} · ${e(s.method)}</td>
<td>${e(formatMinor(s.amountMinor, s.currency))}${s.refundedMinor > 0n ? `<br><span class="muted">refunded ${e(formatMinor(s.refundedMinor, s.currency))}</span>` : ''}</td>
<td>${e(s.status)}${s.dispute ? `<br><span class="muted">chargeback ${e(s.dispute.status)}</span>` : ''}</td>
<td>${sessionActions(s, view.token)}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="7" class="muted">No payment sessions yet.</td></tr>';
  const payouts = view.payouts.length
    ? view.payouts
        .map(
          (p) => `<tr data-payout="${e(p.id)}">
<td>${e(when(p.createdAt))}</td><td>${e(p.providerName)}<br><span class="muted">${e(p.protocol)}</span></td>
<td>${e(p.reference)}<br><span class="muted">${e(p.id)}</span></td><td>${e(formatMinor(p.amountMinor, p.currency))}</td>
<td>${e(p.status)}${p.failureMessage ? `<br><span class="muted">${e(p.failureMessage)}</span>` : ''}</td>
<td>${payoutActions(p, view.token)}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="6" class="muted">No payouts yet.</td></tr>';
  const deliveries = view.deliveries.length
    ? view.deliveries
        .map(
          (d) => `<tr><td>${e(d.sentAt.toISOString().replace('T', ' ').slice(0, 19))}</td><td>${e(d.providerId)}</td><td>${e(d.type)}</td><td>${e(d.reference)}</td>
<td>${e(String(d.attempt))}</td><td>${d.status === null ? e(d.error ?? 'no answer') : e(String(d.status))}${d.ok ? '' : ' <span class="muted">(not accepted)</span>'}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="6" class="muted">No callbacks sent yet.</td></tr>';
  return layout(
    'PSP simulator — operator page',
    `<h1>PSP simulator — operator page</h1>
<p class="warning"><strong>Demo only.</strong> This page has no login: it is meant for the simulator on loopback (127.0.0.1) while you try Traderoom's demo.
Nothing here moves real money. Each button makes the simulated provider do something and send its signed callbacks to Traderoom.</p>
${notice}
<h2>Payment sessions (deposits), newest first</h2>
<table><thead><tr><th>Created</th><th>Provider</th><th>Reference / session</th><th>Kind</th><th>Amount</th><th>Status</th><th>Actions</th></tr></thead>
<tbody>
${sessions}
</tbody></table>
<h2>Payouts, newest first</h2>
<table><thead><tr><th>Created</th><th>Provider</th><th>Reference / payout</th><th>Amount</th><th>Status</th><th>Actions</th></tr></thead>
<tbody>
${payouts}
</tbody></table>
<h2>Last callbacks sent</h2>
<table><thead><tr><th>Sent</th><th>Provider</th><th>Event</th><th>Reference</th><th>Attempt</th><th>Answer</th></tr></thead>
<tbody>
${deliveries}
</tbody></table>
<p class="muted footer"><a href="${OPERATOR_PAGE_PATH}">Refresh</a></p>`,
    { wide: true },
  );
}

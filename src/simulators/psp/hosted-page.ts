/** HTML of the simulator's hosted payment page (plain HTML forms, no script, so any browser test can click through). */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 12345n, "EUR" → "EUR 123.45" (two decimals; display only). */
export function formatMinor(amountMinor: bigint, currency: string): string {
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  const major = abs / 100n;
  const minor = (abs % 100n).toString().padStart(2, '0');
  return `${currency} ${negative ? '-' : ''}${major}.${minor}`;
}

export interface HostedPageView {
  sessionId: string;
  providerName: string;
  amountMinor: bigint;
  currency: string;
  reference: string;
  method: string;
  /** "payment" or "withdrawal" */
  intent: string;
  payerName: string;
  status: string;
  returnUrl: string;
}

/** Where the simulator's operator page is (same origin as the hosted page). */
export const OPERATOR_PAGE_PATH = '/operator';

const OPERATOR_FOOTER = `<p class="muted footer">Simulator: <a href="${OPERATOR_PAGE_PATH}">operator page</a> (refunds, chargebacks, payouts; demo only)</p>`;

/** The page shell; `wide` for tables (the operator page). */
export function layout(title: string, body: string, options: { wide?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
main { max-width: ${options.wide ? '72rem' : '28rem'}; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.amount { font-size: 1.6rem; font-weight: 600; }
label { display: block; margin: 1rem 0 .25rem; }
input { width: 100%; padding: .5rem; box-sizing: border-box; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { flex: 1; padding: .7rem; font-size: 1rem; border-radius: 6px; border: 1px solid #888; cursor: pointer; }
button.pay { background: #1c7ed6; color: #fff; border-color: #1c7ed6; }
.muted { color: #666; font-size: .9rem; }
.footer { margin-top: 2rem; border-top: 1px solid #eee; padding-top: .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td form { display: inline-flex; gap: .25rem; margin: 0 .25rem .25rem 0; }
td button { flex: none; padding: .25rem .6rem; font-size: .85rem; }
td input { width: 7rem; padding: .25rem; }
.notice { padding: .6rem .8rem; border-radius: 6px; background: #e7f5ff; }
.notice.error { background: #fff0f0; }
.warning { padding: .6rem .8rem; border-radius: 6px; background: #fff9db; }
</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}

export function renderHostedPage(view: HostedPageView): string {
  const isWithdrawal = view.intent === 'withdrawal';
  const title = `${view.providerName} — ${isWithdrawal ? 'Withdraw' : 'Pay'} ${formatMinor(view.amountMinor, view.currency)}`;
  if (view.status !== 'open') {
    return layout(
      title,
      `<h1>${escapeHtml(view.providerName)}</h1>
<p data-testid="psp-session-status">This payment session is ${escapeHtml(view.status)}.</p>
<p><a href="${escapeHtml(view.returnUrl)}">Return to the merchant</a></p>
${OPERATOR_FOOTER}`,
    );
  }
  const holderLabel = view.method === 'card' ? 'Name on card' : 'Account holder name';
  return layout(
    title,
    `<h1>${escapeHtml(view.providerName)}</h1>
<p class="muted">Test payment page (simulator). No real money moves.</p>
<p>${isWithdrawal ? 'Withdrawal of' : 'Payment of'}</p>
<p class="amount" data-testid="psp-amount">${escapeHtml(formatMinor(view.amountMinor, view.currency))}</p>
<p class="muted">Reference <span data-testid="psp-reference">${escapeHtml(view.reference)}</span> · ${escapeHtml(view.method)}</p>
<form method="post" action="/pay/${encodeURIComponent(view.sessionId)}">
<label for="payer_name">${holderLabel}</label>
<input id="payer_name" name="payer_name" value="${escapeHtml(view.payerName)}" autocomplete="off">
<div class="actions">
<button class="pay" type="submit" name="action" value="pay">${isWithdrawal ? 'Confirm withdrawal' : 'Pay'}</button>
<button type="submit" name="action" value="decline">Decline</button>
</div>
</form>
${OPERATOR_FOOTER}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

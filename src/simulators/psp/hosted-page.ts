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

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.amount { font-size: 1.6rem; font-weight: 600; }
label { display: block; margin: 1rem 0 .25rem; }
input { width: 100%; padding: .5rem; box-sizing: border-box; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { flex: 1; padding: .7rem; font-size: 1rem; border-radius: 6px; border: 1px solid #888; cursor: pointer; }
button.pay { background: #1c7ed6; color: #fff; border-color: #1c7ed6; }
.muted { color: #666; font-size: .9rem; }
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
<p><a href="${escapeHtml(view.returnUrl)}">Return to the merchant</a></p>`,
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
</form>`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/**
 * Email templates per language. Variables are HTML-escaped in the HTML part.
 * Right-to-left languages get dir="rtl" on the HTML body.
 */
import type { EmailJob } from '../../jobs/job-types';
import type { OutgoingMail } from './mailer';
import { STATUS_EMAIL_CATALOGUE } from './status-email-templates';

type Template = { subject: string; lines: string[]; action?: { label: string; urlVariable: string } };

const TEMPLATES: Record<string, Record<EmailJob['template'], Template>> = {
  en: {
    ...STATUS_EMAIL_CATALOGUE.en,
    email_verification: {
      subject: 'Confirm your email address',
      lines: ['Hello {firstName},', 'Please confirm your email address to continue opening your account with {brokerName}.', 'The link is valid for {validHours} hours.'],
      action: { label: 'Confirm email address', urlVariable: 'link' },
    },
    password_reset: {
      subject: 'Reset your password',
      lines: ['Hello {firstName},', 'Someone asked to reset the password of your {brokerName} account. If it was not you, ignore this email.', 'The link is valid for {validMinutes} minutes.'],
      action: { label: 'Choose a new password', urlVariable: 'link' },
    },
    staff_welcome: {
      subject: 'Your Traderoom back-office account',
      lines: ['Hello {displayName},', 'An administrator created a back-office account for you with the roles: {roles}.', 'Your temporary password is given to you separately. At first login you will enrol two-factor authentication.'],
      action: { label: 'Open the back office', urlVariable: 'link' },
    },
    // The message itself stays in the portal: email is not a safe channel for what a client and a broker write.
    message_received: {
      subject: 'You have a new message',
      lines: ['Hello {firstName},', '{brokerName} has written to you. For your security the message is not in this email.', 'Log in to read it and answer.'],
      action: { label: 'Read the message', urlVariable: 'link' },
    },
  },
  ar: {
    ...STATUS_EMAIL_CATALOGUE.ar,
    email_verification: {
      subject: 'تأكيد عنوان بريدك الإلكتروني',
      lines: ['مرحباً {firstName}،', 'يرجى تأكيد عنوان بريدك الإلكتروني لمتابعة فتح حسابك لدى {brokerName}.', 'الرابط صالح لمدة {validHours} ساعة.'],
      action: { label: 'تأكيد البريد الإلكتروني', urlVariable: 'link' },
    },
    password_reset: {
      subject: 'إعادة تعيين كلمة المرور',
      lines: ['مرحباً {firstName}،', 'طلب أحدهم إعادة تعيين كلمة مرور حسابك لدى {brokerName}. إن لم تكن أنت، فتجاهل هذه الرسالة.', 'الرابط صالح لمدة {validMinutes} دقيقة.'],
      action: { label: 'اختيار كلمة مرور جديدة', urlVariable: 'link' },
    },
    staff_welcome: {
      subject: 'حسابك في المكتب الخلفي لـ Traderoom',
      lines: ['مرحباً {displayName}،', 'أنشأ مسؤول حساباً لك بالأدوار: {roles}.', 'ستتلقى كلمة المرور المؤقتة بشكل منفصل.'],
      action: { label: 'فتح المكتب الخلفي', urlVariable: 'link' },
    },
    message_received: {
      subject: 'لديك رسالة جديدة',
      lines: ['مرحباً {firstName}،', 'أرسل إليك {brokerName} رسالة. حفاظاً على أمانك، لا نضع نص الرسالة في هذا البريد.', 'سجّل الدخول لقراءتها والرد عليها.'],
      action: { label: 'قراءة الرسالة', urlVariable: 'link' },
    },
  },
};

const RTL = new Set(['ar']);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fill(text: string, variables: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => variables[name] ?? `{${name}}`);
}

export function renderEmail(job: EmailJob): OutgoingMail {
  const language = TEMPLATES[job.language] ? job.language : 'en';
  const template = TEMPLATES[language]![job.template];
  const lines = template.lines.map((line) => fill(line, job.variables));
  const url = template.action ? job.variables[template.action.urlVariable] : undefined;
  const text = [...lines, ...(url ? ['', `${template.action!.label}: ${url}`] : [])].join('\n');
  const dir = RTL.has(language) ? 'rtl' : 'ltr';
  const html =
    `<!doctype html><html lang="${language}" dir="${dir}"><body style="font-family:sans-serif">` +
    lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
    (url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(template.action!.label)}</a></p>` : '') +
    '</body></html>';
  return { to: job.to, subject: template.subject, text, html };
}

/**
 * Emails about a status change of the client's requests (documents, KYC,
 * deposits, withdrawals), in English and Arabic. Variables carry only what
 * the client may read: the client-facing status is the template itself, and
 * `{reason}` is a client-facing reason (never a staff note). Every template
 * links to the portal page where the request is followed (`{link}`).
 */
import type { StatusEmailTemplate } from '../../domain/notifications/client-status-emails';

export interface StatusTemplate {
  subject: string;
  lines: string[];
  action: { label: string; urlVariable: 'link' };
}

const FUNDS = { en: 'See your funds', ar: 'عرض أموالك' } as const;
const DOCUMENTS = { en: 'See your documents', ar: 'عرض مستنداتك' } as const;
const ACCOUNT = { en: 'Open your account', ar: 'فتح حسابك' } as const;

const link = (label: string) => ({ label, urlVariable: 'link' as const });

const en: Record<StatusEmailTemplate, StatusTemplate> = {
  document_approved: {
    subject: 'Your document was accepted',
    lines: ['Hello {firstName},', 'Your {document} was accepted.'],
    action: link(DOCUMENTS.en),
  },
  document_rejected: {
    subject: 'Your document was not accepted',
    lines: ['Hello {firstName},', 'Your {document} was not accepted.', 'Reason: {reason}', 'Please upload a new one.'],
    action: link(DOCUMENTS.en),
  },
  document_expired: {
    subject: 'Your document has expired',
    lines: ['Hello {firstName},', 'Your {document} has expired.', 'Please upload a valid one so that your account stays fully available.'],
    action: link(DOCUMENTS.en),
  },
  kyc_approved: {
    subject: 'Your account is verified',
    lines: ['Hello {firstName},', 'Your verification with {brokerName} is complete: your account is verified.'],
    action: link(ACCOUNT.en),
  },
  kyc_rejected: {
    subject: 'We could not verify your account',
    lines: ['Hello {firstName},', 'We could not verify your account with {brokerName}.', 'Reason: {reason}', 'Contact support if you have questions.'],
    action: link(ACCOUNT.en),
  },
  kyc_more_documents_required: {
    subject: 'We need more documents from you',
    lines: ['Hello {firstName},', 'To complete your verification we need more documents from you.', '{reason}'],
    action: link(DOCUMENTS.en),
  },
  deposit_credited: {
    subject: 'Your deposit is credited',
    lines: ['Hello {firstName},', 'Your deposit of {amount} is credited to your balance.'],
    action: link(FUNDS.en),
  },
  deposit_under_review: {
    subject: 'We are checking your deposit',
    lines: ['Hello {firstName},', 'We received your payment of {amount}. Our team checks it before it is credited.'],
    action: link(FUNDS.en),
  },
  deposit_failed: {
    subject: 'Your deposit did not go through',
    lines: ['Hello {firstName},', 'Your deposit of {amount} did not go through. Nothing was credited.', 'Reason: {reason}'],
    action: link(FUNDS.en),
  },
  deposit_refunded: {
    subject: 'Your deposit was refunded',
    lines: ['Hello {firstName},', 'Your deposit of {amount} was refunded to the account you paid from.'],
    action: link(FUNDS.en),
  },
  deposit_charged_back: {
    subject: 'Your deposit was reversed',
    lines: ['Hello {firstName},', 'Your payment of {amount} was reversed by your bank or card issuer, so it was taken back from your balance.', 'Contact support if you did not ask for this.'],
    action: link(FUNDS.en),
  },
  withdrawal_submitted: {
    subject: 'We received your withdrawal request',
    lines: ['Hello {firstName},', 'We received your request to withdraw {amount}. The amount is on hold while our team checks the request.'],
    action: link(FUNDS.en),
  },
  withdrawal_under_review: {
    subject: 'Your withdrawal is being reviewed again',
    lines: ['Hello {firstName},', 'Your withdrawal of {amount} is being reviewed again.', 'Reason: {reason}', 'The amount stays on hold for this request.'],
    action: link(FUNDS.en),
  },
  withdrawal_approved: {
    subject: 'Your withdrawal is approved',
    lines: ['Hello {firstName},', 'Your withdrawal of {amount} is approved and sent for payment.'],
    action: link(FUNDS.en),
  },
  withdrawal_paid: {
    subject: 'Your withdrawal is paid',
    lines: ['Hello {firstName},', 'Your withdrawal of {amount} is paid.'],
    action: link(FUNDS.en),
  },
  withdrawal_declined: {
    subject: 'Your withdrawal was declined',
    lines: ['Hello {firstName},', 'Your withdrawal of {amount} was declined. The amount is back in your available balance.', 'Reason: {reason}'],
    action: link(FUNDS.en),
  },
  withdrawal_cancelled: {
    subject: 'Your withdrawal is cancelled',
    lines: ['Hello {firstName},', 'You cancelled your withdrawal of {amount}. The amount is back in your available balance.'],
    action: link(FUNDS.en),
  },
};

const ar: Record<StatusEmailTemplate, StatusTemplate> = {
  document_approved: {
    subject: 'تم قبول مستندك',
    lines: ['مرحباً {firstName}،', 'تم قبول مستندك: {document}.'],
    action: link(DOCUMENTS.ar),
  },
  document_rejected: {
    subject: 'لم يتم قبول مستندك',
    lines: ['مرحباً {firstName}،', 'لم يتم قبول مستندك: {document}.', 'السبب: {reason}', 'يرجى تحميل مستند جديد.'],
    action: link(DOCUMENTS.ar),
  },
  document_expired: {
    subject: 'انتهت صلاحية مستندك',
    lines: ['مرحباً {firstName}،', 'انتهت صلاحية مستندك: {document}.', 'يرجى تحميل مستند ساري المفعول ليبقى حسابك متاحاً بالكامل.'],
    action: link(DOCUMENTS.ar),
  },
  kyc_approved: {
    subject: 'تم التحقق من حسابك',
    lines: ['مرحباً {firstName}،', 'اكتمل التحقق من هويتك لدى {brokerName}: حسابك الآن موثَّق.'],
    action: link(ACCOUNT.ar),
  },
  kyc_rejected: {
    subject: 'تعذّر علينا التحقق من حسابك',
    lines: ['مرحباً {firstName}،', 'تعذّر علينا التحقق من حسابك لدى {brokerName}.', 'السبب: {reason}', 'تواصل مع فريق الدعم إن كانت لديك أسئلة.'],
    action: link(ACCOUNT.ar),
  },
  kyc_more_documents_required: {
    subject: 'نحتاج إلى مستندات إضافية منك',
    lines: ['مرحباً {firstName}،', 'لإكمال التحقق من هويتك نحتاج إلى مستندات إضافية منك.', '{reason}'],
    action: link(DOCUMENTS.ar),
  },
  deposit_credited: {
    subject: 'تمت إضافة إيداعك',
    lines: ['مرحباً {firstName}،', 'تمت إضافة إيداعك بمبلغ {amount} إلى رصيدك.'],
    action: link(FUNDS.ar),
  },
  deposit_under_review: {
    subject: 'نقوم بمراجعة إيداعك',
    lines: ['مرحباً {firstName}،', 'استلمنا دفعتك بمبلغ {amount}. يراجعها فريقنا قبل إضافتها إلى رصيدك.'],
    action: link(FUNDS.ar),
  },
  deposit_failed: {
    subject: 'لم يكتمل إيداعك',
    lines: ['مرحباً {firstName}،', 'لم يكتمل إيداعك بمبلغ {amount}. لم تتم إضافة أي مبلغ.', 'السبب: {reason}'],
    action: link(FUNDS.ar),
  },
  deposit_refunded: {
    subject: 'تم رد إيداعك',
    lines: ['مرحباً {firstName}،', 'تم رد إيداعك بمبلغ {amount} إلى الحساب الذي دفعت منه.'],
    action: link(FUNDS.ar),
  },
  deposit_charged_back: {
    subject: 'تم عكس إيداعك',
    lines: ['مرحباً {firstName}،', 'قام مصرفك أو مُصدر بطاقتك بعكس دفعتك بمبلغ {amount}، لذا تم خصمها من رصيدك.', 'تواصل مع فريق الدعم إن لم تطلب ذلك.'],
    action: link(FUNDS.ar),
  },
  withdrawal_submitted: {
    subject: 'استلمنا طلب السحب الخاص بك',
    lines: ['مرحباً {firstName}،', 'استلمنا طلبك لسحب {amount}. المبلغ محجوز بينما يراجع فريقنا الطلب.'],
    action: link(FUNDS.ar),
  },
  withdrawal_under_review: {
    subject: 'تتم مراجعة طلب السحب مرة أخرى',
    lines: ['مرحباً {firstName}،', 'تتم مراجعة سحبك بمبلغ {amount} مرة أخرى.', 'السبب: {reason}', 'يبقى المبلغ محجوزاً لهذا الطلب.'],
    action: link(FUNDS.ar),
  },
  withdrawal_approved: {
    subject: 'تمت الموافقة على طلب السحب',
    lines: ['مرحباً {firstName}،', 'تمت الموافقة على سحبك بمبلغ {amount} وإرساله للدفع.'],
    action: link(FUNDS.ar),
  },
  withdrawal_paid: {
    subject: 'تم دفع مبلغ السحب',
    lines: ['مرحباً {firstName}،', 'تم دفع سحبك بمبلغ {amount}.'],
    action: link(FUNDS.ar),
  },
  withdrawal_declined: {
    subject: 'تم رفض طلب السحب',
    lines: ['مرحباً {firstName}،', 'تم رفض سحبك بمبلغ {amount}. عاد المبلغ إلى رصيدك المتاح.', 'السبب: {reason}'],
    action: link(FUNDS.ar),
  },
  withdrawal_cancelled: {
    subject: 'تم إلغاء طلب السحب',
    lines: ['مرحباً {firstName}،', 'لقد ألغيت سحبك بمبلغ {amount}. عاد المبلغ إلى رصيدك المتاح.'],
    action: link(FUNDS.ar),
  },
};

export const STATUS_EMAIL_CATALOGUE = { en, ar } as const;

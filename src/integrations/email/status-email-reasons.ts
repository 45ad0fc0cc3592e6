/**
 * Client-facing words for the reason codes of status emails, in English and
 * Arabic; the portal says the same (web/src/i18n: depositReason.*,
 * withdrawalReason.*). A code without words here (a provider's own failure
 * code) reads as the kind's default: a provider's or a reviewer's internal
 * text never reaches the client.
 */
export type ReasonLanguage = 'en' | 'ar';
export type ReasonKind = 'document' | 'deposit' | 'withdrawal';

type Words = Record<string, string>;

const en: Record<ReasonKind, Words> = {
  document: {
    unreadable: 'We could not read the document.',
    incomplete: 'Part of the document is missing: all pages and all corners must be visible.',
    wrong_document_type: 'This is not the document we asked for.',
    expired: 'The document has expired.',
    address_too_old: 'The proof of address is too old.',
    name_mismatch: 'The name on the document does not match your account.',
    suspected_tampering: 'We could not accept this document. Contact support for details.',
    default: 'The document could not be accepted.',
  },
  deposit: {
    payment_failed: 'The payment failed.',
    provider_unavailable: 'The payment provider was unavailable. Nothing was charged.',
    expired: 'The payment was not completed in time.',
    canceled: 'The payment was cancelled.',
    async_payment_failed: 'The payment failed.',
    payer_name_mismatch: 'The payment came from an account that is not in your name.',
    third_party_payment: 'Payments from other people’s accounts are not accepted.',
    method_not_allowed: 'This payment method is not accepted for your account.',
    amount_out_of_limits: 'The amount was outside the limits of this payment method.',
    suspected_fraud: 'We could not accept this payment. Contact support for details.',
    aml_concern: 'We could not accept this payment. Contact support for details.',
    default: 'The payment did not go through.',
  },
  withdrawal: {
    incomplete_request: 'The request was incomplete.',
    invalid_payment_details: 'The payout details could not be used. Check your payout destination.',
    kyc_not_approved: 'Your verification must be complete and up to date before you can withdraw.',
    source_of_funds_unverified: 'We could not verify the source of your funds. Please contact support.',
    aml_concern: 'We could not process this withdrawal. Please contact support.',
    method_mismatch: 'Withdrawals must go back to the method you deposited with.',
    deposit_not_traded: 'Funds deposited recently and not traded cannot be withdrawn to another method.',
    insufficient_funds: 'Your balance does not cover this withdrawal.',
    suspected_fraud: 'We could not process this withdrawal. Please contact support.',
    payout_failed: 'The payment to you did not go through.',
    payout_returned: 'The payment to you was returned by the receiving bank or wallet.',
    default: 'We could not process this withdrawal. Please contact support.',
  },
};

const ar: Record<ReasonKind, Words> = {
  document: {
    unreadable: 'تعذّرت علينا قراءة المستند.',
    incomplete: 'جزء من المستند مفقود: يجب أن تظهر جميع الصفحات وجميع الزوايا.',
    wrong_document_type: 'هذا ليس المستند الذي طلبناه.',
    expired: 'انتهت صلاحية المستند.',
    address_too_old: 'إثبات العنوان قديم جداً.',
    name_mismatch: 'الاسم الوارد في المستند لا يطابق حسابك.',
    suspected_tampering: 'تعذّر علينا قبول هذا المستند. تواصل مع فريق الدعم لمعرفة التفاصيل.',
    default: 'تعذّر قبول المستند.',
  },
  deposit: {
    payment_failed: 'فشلت عملية الدفع.',
    provider_unavailable: 'مزوّد الدفع لم يكن متاحاً. لم يُخصم أي مبلغ.',
    expired: 'لم تكتمل عملية الدفع في الوقت المحدد.',
    canceled: 'تم إلغاء عملية الدفع.',
    async_payment_failed: 'فشلت عملية الدفع.',
    payer_name_mismatch: 'وصلت الدفعة من حساب ليس باسمك.',
    third_party_payment: 'لا نقبل الدفعات من حسابات أشخاص آخرين.',
    method_not_allowed: 'طريقة الدفع هذه غير مقبولة لحسابك.',
    amount_out_of_limits: 'المبلغ خارج حدود طريقة الدفع هذه.',
    suspected_fraud: 'تعذّر علينا قبول هذه الدفعة. تواصل مع فريق الدعم لمعرفة التفاصيل.',
    aml_concern: 'تعذّر علينا قبول هذه الدفعة. تواصل مع فريق الدعم لمعرفة التفاصيل.',
    default: 'لم تكتمل عملية الدفع.',
  },
  withdrawal: {
    incomplete_request: 'كان الطلب غير مكتمل.',
    invalid_payment_details: 'تعذّر استخدام بيانات الدفع. تحقّق من وجهة الدفع الخاصة بك.',
    kyc_not_approved: 'يجب أن يكون التحقق من هويتك مكتملاً ومحدّثاً قبل أن تتمكن من السحب.',
    source_of_funds_unverified: 'تعذّر علينا التحقق من مصدر أموالك. يرجى التواصل مع فريق الدعم.',
    aml_concern: 'تعذّر علينا تنفيذ هذا السحب. يرجى التواصل مع فريق الدعم.',
    method_mismatch: 'يجب أن تعود عمليات السحب إلى الطريقة التي أودعت بها.',
    deposit_not_traded: 'لا يمكن سحب الأموال المودعة حديثاً ولم يتم التداول بها إلى طريقة أخرى.',
    insufficient_funds: 'رصيدك لا يغطي هذا السحب.',
    suspected_fraud: 'تعذّر علينا تنفيذ هذا السحب. يرجى التواصل مع فريق الدعم.',
    payout_failed: 'لم تكتمل عملية الدفع إليك.',
    payout_returned: 'أعاد المصرف أو المحفظة المستلمة الدفعة المرسلة إليك.',
    default: 'تعذّر علينا تنفيذ هذا السحب. يرجى التواصل مع فريق الدعم.',
  },
};

const WORDS: Record<ReasonLanguage, Record<ReasonKind, Words>> = { en, ar };

/** Words for a reason code in a language; the kind's default for a code it does not know. */
export function reasonText(language: ReasonLanguage, kind: ReasonKind, code: string | null | undefined): string {
  const words = WORDS[language][kind];
  return (code ? words[code] : undefined) ?? words.default!;
}

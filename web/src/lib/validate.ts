/** Checks a form can run before it goes to the server, so clients see plain words instead of schema messages. */

export type FormErrors<F extends string> = Partial<Record<F, string>>;

/** A deliberately loose email shape check; the server has the final word. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** The first problem of each field, or an empty object when the form may be sent. */
export function checkForm<F extends string>(
  values: Record<F, string>,
  rules: { required: readonly F[]; email?: readonly F[] },
  messages: { required: (field: F) => string; email: string },
): FormErrors<F> {
  const errors: FormErrors<F> = {};
  for (const field of rules.required) {
    if (!values[field].trim()) errors[field] = messages.required(field);
  }
  for (const field of rules.email ?? []) {
    if (!errors[field] && values[field].trim() && !looksLikeEmail(values[field])) errors[field] = messages.email;
  }
  return errors;
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}

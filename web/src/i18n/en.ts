/**
 * English strings of the portal: a flat key → string record.
 * Placeholders look like `{name}` and are filled by `t(key, { name })`.
 */
export const en = {
  'app.name': 'Traderoom',
  'app.loading': 'Loading…',
  'app.retry': 'Try again',
  'app.notFound.title': 'Page not found',
  'app.notFound.body': 'The page you are looking for does not exist.',
  'app.notFound.home': 'Go to the home page',

  'field.email': 'Email',
  'field.password': 'Password',
  'field.newPassword': 'New password',
  'field.country': 'Country',
  'field.country.placeholder': 'Select your country',
  'field.clientType': 'Client type',
  'field.firstName': 'First name',
  'field.lastName': 'Last name',

  'clientType.individual': 'Individual',
  'clientType.corporate': 'Corporate',

  'form.fixErrors': 'Please correct the highlighted fields.',
  'form.required': 'Please fill in this field.',
  'form.invalidEmail': 'Enter a valid email address, like name@example.com.',
  'field.country.required': 'Select your country of residence.',
  'field.clientType.required': 'Select the type of account.',
  'form.unknownError': 'Something went wrong. Please try again.',

  'error.network_error': 'Could not reach the server. Check your connection and try again.',
  'error.invalid_credentials': 'The email or password is incorrect.',
  'error.email_not_verified': 'Please verify your email address first: check your inbox for the verification link.',
  'error.rate_limited': 'Too many attempts. Please wait a moment and try again.',
  'error.token_invalid': 'This link is invalid or has expired.',
  'error.country_not_served': 'We cannot open accounts for residents of this country.',

  'login.title': 'Log in',
  'login.subtitle': 'Access your trader’s room',
  'login.submit': 'Log in',
  'login.forgot': 'Forgot your password?',
  'login.noAccount': 'No account yet?',
  'login.register': 'Create an account',
  'login.verified': 'Your email is verified. You can log in now.',
  'login.passwordReset': 'Your password has been changed. You can log in now.',

  'register.title': 'Create your account',
  'register.submit': 'Create account',
  'register.haveAccount': 'Already have an account?',
  'register.login': 'Log in',
  'register.success.title': 'Almost there',
  'register.success.body': 'Check your email for a verification link',
  'register.success.hint': 'Follow the link in the email to activate your account, then log in.',
  'register.optionsError': 'Registration is unavailable right now.',

  'verify.title': 'Email verification',
  'verify.pending': 'Verifying your email…',
  'verify.success': 'Your email is verified.',
  'verify.missingToken': 'This verification link is incomplete.',
  'verify.login': 'Go to log in',

  'forgot.title': 'Reset your password',
  'forgot.body': 'Enter the email address of your account and we will send you a link to choose a new password.',
  'forgot.submit': 'Send reset link',
  'forgot.sent': 'If an account exists for this email, a password reset link is on its way. Check your inbox.',
  'forgot.back': 'Back to log in',

  'reset.title': 'Choose a new password',
  'reset.submit': 'Set new password',
  'reset.success': 'Your password has been changed.',
  'reset.missingToken': 'This password reset link is incomplete.',
  'reset.requestNew': 'Request a new link',
  'reset.login': 'Go to log in',

  'status.registered': 'Email verification required',
  'status.email_verification_required': 'Email verification required',
  'status.email_verified': 'Verification required',
  'status.verification_required': 'Verification required',
  'status.active': 'Active',
  'status.restricted': 'Restricted',
  'status.closed': 'Closed',

  'dashboard.greeting': 'Welcome, {name}',
  'dashboard.status': 'Account status',
  'dashboard.verificationLevel': 'Verification level',
  'dashboard.nextStep': 'Next step',
  'dashboard.nextSteps': 'Next steps',
  'dashboard.allSet': 'You’re all set',
  'dashboard.allSet.detail': 'There is nothing you need to do right now.',
  'dashboard.entity': 'Your account is held with {entity}, regulated by {regulator}.',
  'dashboard.entityUnregulated': 'Your account is held with {entity}.',

  'nav.logout': 'Log out',
  'session.error': 'We could not load your account.',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;

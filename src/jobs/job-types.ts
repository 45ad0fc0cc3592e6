/** Every kind of background job, with its payload. Add a kind here and give it a handler. */
export const JOB_NAMES = ['email.send'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface EmailJob {
  template: 'email_verification' | 'password_reset' | 'staff_welcome';
  to: string;
  language: string;
  variables: Record<string, string>;
}

export interface JobData {
  'email.send': EmailJob;
}

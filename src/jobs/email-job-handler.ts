/** Sends one queued email. Throwing makes the queue retry with backoff. */
import { renderEmail } from '../integrations/email/email-templates';
import type { Mailer } from '../integrations/email/mailer';
import type { JobHandler } from './job-queue';

export function emailJobHandler(mailer: Mailer, log: (message: string) => void): JobHandler<'email.send'> {
  return async (job) => {
    const sent = await mailer.send(renderEmail(job));
    // Links carry single-use secrets: print them only for the demo's mail folder, never for real mail.
    const link = sent.file && job.variables.link ? ` link: ${job.variables.link}` : '';
    log(`email "${job.template}" to ${job.to}${sent.file ? ` written to ${sent.file}` : ' sent'}${link}`);
  };
}

/**
 * The `mail.send` job: sends one e-mail of the outbox. With `CAIRN_SMTP_URL`, through SMTP: a 4xx reply,
 * a connection failure or a timeout is retried with backoff (1 min, 2 min, 4 min … up to 2 h between
 * attempts, about a day over 10 attempts); a 5xx reply (no such mailbox, message refused) fails the
 * e-mail at once. Either way a failed e-mail is `failed` with its reason, which the issuer sees on the
 * credential and in the mail log. Without SMTP the e-mail is kept in the development mailbox.
 */
import { MAIL_SEND_JOB } from '../../services/mail/outbox.js';
import { classifySmtpError, createSmtpSender, type SmtpSender } from '../../services/mail/smtp.js';
import { toTimestamp } from '../../storage/codec.js';
import { findMailMessage, updateMailMessage } from '../../storage/mail.repository.js';
import { type Job, type JobHandler, PermanentJobError } from '../queue.js';

export type MailSendOptions = {
  /** Replaces the SMTP sender made from `CAIRN_SMTP_URL` (the sender is made once per handler). */
  sender?: SmtpSender;
};

export function createMailSendHandler(options: MailSendOptions = {}): JobHandler {
  let sender: SmtpSender | undefined = options.sender;
  const senderFor = (url: string): SmtpSender => {
    sender ??= createSmtpSender(url);
    return sender;
  };
  return {
    kind: MAIL_SEND_JOB,
    retry: { baseMs: 60_000, maxMs: 2 * 3600_000 },
    async run(job: Job, { ctx }) {
      const organizationId = job.organization_id;
      const messageId = String(job.payload.messageId ?? '');
      const message = await findMailMessage(ctx.db, organizationId, messageId);
      if (!message || message.status === 'sent' || message.status === 'failed') {
        // Deleted with its organization, or settled by an earlier run of this job.
        return;
      }
      const smtpUrl = ctx.config.smtpUrl;
      if (smtpUrl === undefined) {
        await updateMailMessage(
          ctx.db,
          organizationId,
          message.id,
          {
            status: 'sent',
            transport: 'mailbox',
            attempts: message.attempts + 1,
            sent_at: toTimestamp(ctx.clock()),
          },
          ctx.clock(),
        );
        return;
      }
      try {
        await senderFor(smtpUrl).send({
          from: ctx.config.mailFrom,
          to: message.to_address,
          subject: message.subject,
          text: message.text_body ?? '',
          html: message.html_body ?? '',
          headers: { ...message.headers, 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const failure = classifySmtpError(error);
        await updateMailMessage(
          ctx.db,
          organizationId,
          message.id,
          { status: 'retrying', attempts: message.attempts + 1, last_error: failure.message },
          ctx.clock(),
        );
        throw failure.permanent ? new PermanentJobError(failure.message) : new Error(failure.message);
      }
      await updateMailMessage(
        ctx.db,
        organizationId,
        message.id,
        {
          status: 'sent',
          transport: 'smtp',
          attempts: message.attempts + 1,
          last_error: null,
          sent_at: toTimestamp(ctx.clock()),
          // The mail server has it now; a claim link in the body stays only in the learner's mailbox.
          dropBodies: true,
        },
        ctx.clock(),
      );
    },
    async onDead(trx, job, _error, ctx) {
      await updateMailMessage(
        trx,
        job.organization_id,
        String(job.payload.messageId ?? ''),
        { status: 'failed', dropBodies: true },
        ctx.clock(),
      );
    },
  };
}

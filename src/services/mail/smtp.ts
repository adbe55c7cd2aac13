/**
 * Sending through SMTP with nodemailer, and telling a failure that retrying may cure (a 4xx reply, a
 * connection that failed, a timeout, a login the operator can still fix) from one it cannot (a 5xx
 * reply to the message or a recipient: the address does not exist, the message is refused).
 */
import nodemailer from 'nodemailer';

export type SmtpMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
};

export type SmtpSender = {
  send(message: SmtpMessage): Promise<{ response: string }>;
  close(): void;
};

export function createSmtpSender(url: string): SmtpSender {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
      return { response: String(info.response ?? '') };
    },
    close() {
      transport.close();
    },
  };
}

export type SmtpFailure = { permanent: boolean; message: string };

/** What went wrong, in words an issuer can act on (never the SMTP URL or its password). */
export function classifySmtpError(error: unknown): SmtpFailure {
  const { code, responseCode, response, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const reply = typeof response === 'string' && response !== '' ? response : undefined;
  if (code === 'EAUTH') {
    // The server refused Cairn's login: the operator fixes the configuration, the mail waits.
    return { permanent: false, message: `The mail server refused Cairn's login${reply ? `: ${reply}` : ''}` };
  }
  if (typeof responseCode === 'number') {
    return {
      permanent: responseCode >= 500,
      message: `The mail server answered ${reply ?? responseCode}`,
    };
  }
  if (code === 'EENVELOPE') {
    return { permanent: true, message: `The address was refused: ${String(message)}` };
  }
  return {
    permanent: false,
    message: `The mail server could not be reached${typeof code === 'string' ? ` (${code})` : ''}`,
  };
}

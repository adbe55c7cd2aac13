/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every message it accepts, raw,
 * and answers recipients as the test says: accept, a temporary 4xx refusal, or a permanent 5xx one.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config.js';
import type { DialectName } from '../../src/storage/database.js';
import { startTestServer, TEST_PUBLIC_URL, type TestServer } from './http.js';

export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  /** The message's headers, names lower-cased (unfolded). */
  headers: Record<string, string>;
};

/** What the server says to a recipient: accept (undefined), or refuse with a reply code and text. */
export type RecipientAnswer = { code: number; message: string } | undefined;

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Called for every RCPT TO with the address and how many times it was offered so far (1, 2, …). */
  answer: (address: string, count: number) => RecipientAnswer = () => undefined;
  private readonly offers = new Map<string, number>();
  private server: SMTPServer | undefined;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no STARTTLS with a self-signed certificate the client would refuse.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const count = (this.offers.get(address.address) ?? 0) + 1;
        this.offers.set(address.address, count);
        const refusal = this.answer(address.address, count);
        if (refusal) {
          const error = new Error(refusal.message) as Error & { responseCode: number };
          error.responseCode = refusal.code;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            headers: parseHeaders(raw),
          });
          callback();
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

/**
 * The decoded text of a MIME part of the given type (quoted-printable or base64), enough to read the
 * bodies nodemailer writes without a MIME library.
 */
export function mimePart(raw: string, contentType: 'text/plain' | 'text/html'): string {
  const start = raw.search(new RegExp(`Content-Type: ${contentType.replace('/', '\\/')}`, 'i'));
  if (start < 0) {
    return '';
  }
  const part = raw.slice(start);
  const headerEnd = part.search(/\r?\n\r?\n/);
  const headers = part.slice(0, headerEnd);
  const rest = part.slice(headerEnd).replace(/^\r?\n\r?\n/, '');
  const body = rest.split(/\r?\n--/, 1)[0] ?? '';
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A header value with its RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded. */
export function decodeHeader(value: string | undefined): string {
  return (value ?? '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_whole, encoding: string, text: string) => {
      if (encoding.toLowerCase() === 'b') {
        return Buffer.from(text, 'base64').toString('utf8');
      }
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

/** A test server whose mail goes to this SMTP server. */
export async function startSmtpTestServer(
  dialect: DialectName,
  smtp: TestSmtpServer,
  env: Record<string, string> = {},
): Promise<TestServer> {
  return await startTestServer(dialect, {
    config: loadConfig({
      CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
      CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-mail-')),
      NODE_ENV: 'test',
      CAIRN_LOG_LEVEL: 'silent',
      CAIRN_SMTP_URL: smtp.url,
      ...env,
    }),
  });
}

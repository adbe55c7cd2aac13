/**
 * The recipient check of OB 2.0: was the Assertion awarded to this e-mail address? The IdentityObject
 * holds the address itself or `sha256$…` / `md5$…` of address + salt; the caller supplies the address.
 */
import { matchesIdentity } from '../../credentials/identity.js';
import { isObject, type Json } from './ob2-input.js';
import type { Ob2Report } from './ob2-report.js';

export function checkRecipient(assertion: Json, email: string | undefined, report: Ob2Report): void {
  const recipient = assertion.recipient;
  if (!isObject(recipient) || typeof recipient.identity !== 'string') {
    return;
  }
  if (email === undefined) {
    if (recipient.hashed === true) {
      report.warnings.push(
        'the recipient is a hashed e-mail address: it can be checked by someone who knows the address (cairn verify --recipient, or recipient in POST /api/v1/verify)',
      );
    }
    return;
  }
  if (recipient.type !== 'email') {
    report.add(
      'recipient',
      'unknown',
      `the recipient is identified by ${JSON.stringify(recipient.type)}, not an e-mail address`,
    );
    return;
  }
  const matches = matchesIdentity(
    {
      type: 'IdentityObject',
      hashed: recipient.hashed === true,
      identityHash: recipient.identity,
      identityType: 'emailAddress',
      ...(typeof recipient.salt === 'string' ? { salt: recipient.salt } : {}),
    },
    email,
  );
  if (matches) {
    report.add(
      'recipient',
      'passed',
      `awarded to ${email}${recipient.hashed === true ? ' (the salted hash matches)' : ''}`,
    );
  } else {
    report.add('recipient', 'failed', `the assertion was not awarded to ${email}`);
  }
}

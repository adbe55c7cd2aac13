/**
 * The inputs both stacks work on, made once in the parent process: one Ed25519 key (a did:key), a simple and
 * a rich OB 3.0 credential issued by it, and each of them signed with eddsa-rdfc-2022, eddsa-jcs-2022 and as
 * a VC-JWT. Before anything is timed, each stack checks the other's output, so the bench compares stacks
 * that agree.
 */
import { readFileSync } from 'node:fs';
import { exportKeyFile, generateKeyPair, importKeyFile } from '../dist/core/keys/key-pair.js';
import { nodeCryptoBackend } from '../dist/node/node-crypto-backend.js';
import { cairnStack } from './cairn-stack.mjs';
import { joseStack } from './jose-stack.mjs';
import { referenceStack } from './reference-stack.mjs';

/** Both stacks judge validity against the same moment (the credentials' windows include it). */
export const NOW = '2026-11-28T12:00:00Z';

function readCredential(path) {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
}

const TEMPLATES = {
  simple: readCredential('../test/fixtures/standards/examples/ob3/basic-openbadgecredential.json'),
  rich: readCredential('./fixtures/rich-achievement-credential.json'),
};

export async function createInputs() {
  const keyPair = await generateKeyPair('Ed25519', nodeCryptoBackend);
  const keyFile = exportKeyFile(keyPair);
  const credentials = Object.fromEntries(
    Object.entries(TEMPLATES).map(([name, template]) => [
      name,
      { ...template, issuer: { ...template.issuer, id: keyPair.controller } },
    ]),
  );
  const draft = { keyFile, credentials, signed: {} };
  const cairn = await cairnStack(draft);
  const reference = await referenceStack(draft);
  const jose = await joseStack(draft);
  for (const name of Object.keys(credentials)) {
    draft.signed[name] = {
      rdfc: await cairn.sign(name, 'eddsa-rdfc-2022'),
      jcs: await cairn.sign(name, 'eddsa-jcs-2022'),
      jwt: await cairn.sign(name, 'vc-jwt'),
    };
  }
  // Each stack accepts what the other produces.
  for (const name of Object.keys(credentials)) {
    const ours = draft.signed[name];
    await reference.verify(ours.rdfc);
    await reference.verify(ours.jcs);
    await jose.verifyJwt(ours.jwt);
    await cairn.verify(await reference.issue(name, 'eddsa-rdfc-2022'));
    await cairn.verify(await reference.issue(name, 'eddsa-jcs-2022'));
    await cairn.verifyJwt(await jose.signJwt(name));
  }
  if (importKeyFile(keyFile, nodeCryptoBackend).id !== keyPair.id) {
    throw new Error('bench setup: the key file does not round-trip');
  }
  return draft;
}

/**
 * The offline CLI as a user runs it: keys create, sign (each suite), verify (JSON, JWT, PNG, SVG, stdin),
 * bake and extract, with the exit codes DESIGN §6 promises (0 verified, 1 not, 2 bad usage or input).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeTemp } from '../support/cli.js';
import { readFixtureJson } from '../support/fixtures.js';
import { makePng } from '../support/png-fixtures.js';

const SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>\n';

async function setUp() {
  const dir = tempDir();
  const keyPath = join(dir, 'key.json');
  const created = await runCli(['keys', 'create', '--out', keyPath]);
  expect(created.code).toBe(0);
  const did = created.stdout.trim();
  const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
  const credentialPath = writeTemp(
    dir,
    'credential.json',
    JSON.stringify({ ...badge, issuer: { ...(badge.issuer as object), id: did } }),
  );
  return { dir, keyPath, did, credentialPath };
}

describe('cairn keys create', () => {
  it('prints a Multikey key file with its did:key, or writes it with mode 0600', async () => {
    const printed = await runCli(['keys', 'create']);
    expect(printed.code).toBe(0);
    const file = JSON.parse(printed.stdout);
    expect(file).toMatchObject({
      type: 'Multikey',
      publicKeyMultibase: expect.stringMatching(/^z6Mk/),
      secretKeyMultibase: expect.stringMatching(/^z3u2/),
    });
    expect(file.id).toBe(`${file.controller}#${file.publicKeyMultibase}`);
    const { keyPath } = await setUp();
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    for (const type of ['P-256', 'RSA']) {
      const other = JSON.parse((await runCli(['keys', 'create', '--type', type])).stdout);
      expect(other).toMatchObject({
        type: 'JsonWebKey',
        publicKeyJwk: expect.any(Object),
        secretKeyJwk: expect.any(Object),
      });
    }
  });

  it('refuses an unknown key type with exit 2', async () => {
    const result = await runCli(['keys', 'create', '--type', 'DSA']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--type must be one of/);
  });
});

describe('cairn sign and verify', () => {
  for (const suite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'vc-jwt']) {
    it(`${suite}: sign prints the credential, verify exits 0; a tampered copy exits 1`, async () => {
      const { dir, keyPath, credentialPath } = await setUp();
      const signed = await runCli(['sign', '--key', keyPath, '--suite', suite, credentialPath]);
      expect(signed.code, signed.stderr).toBe(0);
      const signedPath = writeTemp(dir, 'signed', signed.stdout);
      const verified = await runCli(['verify', '--offline', signedPath]);
      expect(verified.code, verified.stdout).toBe(0);
      expect(verified.stdout).toMatch(/✓ VALID/);
      const json = await runCli(['verify', '--json', '--offline', signedPath]);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ verified: true, format: suite === 'vc-jwt' ? 'jwt' : 'json-ld' });
      expect(report.checks.map((check: { check: string }) => check.check)).toEqual(
        expect.arrayContaining(['proof', 'issuer', 'validity', 'status']),
      );
      const tamperedText =
        suite === 'vc-jwt'
          ? (() => {
              const [h, p, s] = signed.stdout.trim().split('.') as [string, string, string];
              const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
              payload.name = 'Forged';
              return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
            })()
          : signed.stdout.replace('"name": "', '"name": "Forged ');
      const tampered = await runCli(['verify', '--offline', writeTemp(dir, 'tampered', tamperedText)]);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toMatch(/NOT VALID/);
    });
  }

  it('reads standard input for -', async () => {
    const { keyPath, credentialPath } = await setUp();
    const signed = await runCli(['sign', '--key', keyPath, '-'], { stdin: readFileSync(credentialPath) });
    expect(signed.code).toBe(0);
    const verified = await runCli(['verify', '--offline', '-'], { stdin: signed.stdout });
    expect(verified.code).toBe(0);
  });

  it('options may stand after the file', async () => {
    const { keyPath, credentialPath } = await setUp();
    const signed = await runCli(['sign', credentialPath, '--key', keyPath, '--suite', 'eddsa-jcs-2022']);
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout).proof[0].cryptosuite).toBe('eddsa-jcs-2022');
  });

  it('refuses to sign for another issuer (exit 1, ISSUER_KEY_MISMATCH)', async () => {
    const { dir, keyPath } = await setUp();
    const other = writeTemp(
      dir,
      'other.json',
      JSON.stringify(readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json')),
    );
    const result = await runCli(['sign', '--key', keyPath, other]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ISSUER_KEY_MISMATCH/);
    expect(result.stdout).toBe('');
  });

  it('bad usage and unreadable input exit 2 with a clear message', async () => {
    const { dir, keyPath } = await setUp();
    expect((await runCli(['verify'])).code).toBe(2);
    expect((await runCli(['sign', writeTemp(dir, 'x.json', '{}')])).stderr).toMatch(/--key/);
    const missing = await runCli(['verify', join(dir, 'nope.json')]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/no such file/);
    const garbage = await runCli(['verify', writeTemp(dir, 'garbage.txt', 'hello world')]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/UNREADABLE_INPUT/);
    const badJson = await runCli(['sign', '--key', keyPath, writeTemp(dir, 'bad.json', '{"a":')]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/INVALID_JSON/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['verify', '--bogus', 'x'])).code).toBe(2);
  });

  it('--help works on every command', async () => {
    for (const argv of [
      ['--help'],
      ['keys', 'create', '--help'],
      ['sign', '--help'],
      ['verify', '--help'],
      ['bake', '--help'],
      ['extract', '--help'],
    ]) {
      const result = await runCli(argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage|cairn/);
    }
  });
});

describe('cairn bake, extract and verify round trips', () => {
  for (const suite of ['eddsa-rdfc-2022', 'vc-jwt']) {
    for (const image of ['png', 'svg'] as const) {
      it(`${suite} in ${image.toUpperCase()}`, async () => {
        const { dir, keyPath, credentialPath } = await setUp();
        const signed = await runCli(['sign', '--key', keyPath, '--suite', suite, credentialPath]);
        const signedPath = writeTemp(dir, 'signed.txt', signed.stdout);
        const imagePath = writeTemp(dir, `badge.${image}`, image === 'png' ? makePng() : SVG);
        const outPath = join(dir, `baked.${image}`);
        const baked = await runCli(['bake', '--credential', signedPath, imagePath, '-o', outPath]);
        expect(baked.code, baked.stderr).toBe(0);
        const extracted = await runCli(['extract', outPath]);
        expect(extracted.code).toBe(0);
        if (suite === 'vc-jwt') {
          expect(extracted.stdout.trim()).toBe(signed.stdout.trim());
        } else {
          expect(JSON.parse(extracted.stdout)).toEqual(JSON.parse(signed.stdout));
        }
        const verified = await runCli(['verify', '--offline', '--json', outPath]);
        expect(verified.code).toBe(0);
        expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, container: image });
        // Baking twice is refused unless --overwrite.
        expect(
          (await runCli(['bake', '--credential', signedPath, outPath, '-o', join(dir, 'again')])).code,
        ).toBe(1);
        expect(
          (
            await runCli([
              'bake',
              '--overwrite',
              '--credential',
              signedPath,
              outPath,
              '-o',
              join(dir, 'again'),
            ])
          ).code,
        ).toBe(0);
      });
    }
  }

  it('a damaged image gives a clear error and exit 2', async () => {
    const { dir } = await setUp();
    const png = makePng();
    const damaged = writeTemp(dir, 'damaged.png', png.subarray(0, png.length - 10));
    const result = await runCli(['verify', damaged]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/IMAGE_INVALID/);
    const plain = await runCli(['extract', writeTemp(dir, 'plain.png', png)]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/IMAGE_NO_CREDENTIAL/);
  });
});

describe('cairn sign refuses what verifiers would reject', () => {
  it('an Open Badge that breaks the schema: exit 1 with each problem named', async () => {
    const { dir, keyPath, did } = await setUp();
    const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
    const broken = {
      ...badge,
      issuer: { id: did, type: ['IssuerProfile'], name: 'Old style' },
      validFrom: '2026-01-01T00:00:00',
    };
    const result = await runCli([
      'sign',
      '--key',
      keyPath,
      writeTemp(dir, 'broken.json', JSON.stringify(broken)),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CREDENTIAL_INVALID/);
    expect(result.stderr).toMatch(/issuer\.type/);
    expect(result.stderr).toMatch(/validFrom/);
  });

  it('a term no context defines: JSONLD_UNDEFINED_TERM, nothing signed', async () => {
    const { dir, keyPath, did } = await setUp();
    const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
    const withStrayTerm = {
      ...badge,
      issuer: { ...(badge.issuer as object), id: did },
      favouriteColour: 'green',
    };
    const result = await runCli([
      'sign',
      '--key',
      keyPath,
      writeTemp(dir, 'stray.json', JSON.stringify(withStrayTerm)),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/favouriteColour/);
    expect(result.stdout).toBe('');
  });
});

/**
 * `cairn verify` and `cairn extract` on what Cairn renders: a badge baked as PNG and SVG and a
 * certificate PDF with the credential attached, each made from a credential signed with a did:key (so
 * it verifies offline), then read back by the CLI exactly as a user would.
 */
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg } from '../../src/core/baking/index.js';
import { renderBadgeSvg } from '../../src/rendering/badge-svg.js';
import { renderCertificatePdf } from '../../src/rendering/certificate-pdf.js';
import { badgeDesign, certificateDesign } from '../../src/rendering/design.js';
import { rasterizeSvg } from '../../src/rendering/rasterize.js';
import { runCli, tempDir, writeTemp } from '../support/cli.js';
import { readFixtureJson } from '../support/fixtures.js';
import { newKeyPair, signAs } from '../support/signing.js';

describe('cairn verify / extract on rendered badges and certificates', () => {
  it('verifies and extracts the credential from the baked PNG, the baked SVG and the PDF', async () => {
    const keyPair = await newKeyPair();
    const example = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
    const signed = JSON.stringify(await signAs(example, keyPair));
    const svg = renderBadgeSvg({
      design: badgeDesign({ shape: 'shield', icon: 'check', textLines: ['Verified'] }),
      title: 'Badge',
    });
    const pdf = await renderCertificatePdf({
      design: certificateDesign({}),
      learnerName: 'Ada Lovelace',
      achievementName: 'Badge',
      issuerName: 'Example Issuer',
      issuedOn: '2026-11-01T10:00:00Z',
      credentialId: String(example.id),
      credentialUrl: 'https://cairn.example/c/1',
      credentialText: signed,
    });
    const dir = tempDir();
    const files = {
      png: writeTemp(dir, 'badge.png', bakePng(await rasterizeSvg(svg), signed)),
      svg: writeTemp(dir, 'badge.svg', bakeSvg(svg, signed)),
      pdf: writeTemp(dir, 'certificate.pdf', pdf),
    };
    for (const [container, path] of Object.entries(files)) {
      const verified = await runCli(['verify', '--json', '--offline', path]);
      expect(verified.code, `${container}: ${verified.stdout}${verified.stderr}`).toBe(0);
      const report = JSON.parse(verified.stdout);
      expect(report).toMatchObject({ verified: true, container });
      expect(report.credential).toEqual(JSON.parse(signed));

      const extracted = await runCli(['extract', path]);
      expect(extracted.code).toBe(0);
      expect(JSON.parse(extracted.stdout)).toEqual(JSON.parse(signed));
    }
    const text = await runCli(['verify', '--offline', files.pdf]);
    expect(text.stdout).toContain('attached to a PDF');

    // A damaged PDF is bad input (exit 2) with a clear message, not a crash.
    const damaged = writeTemp(dir, 'damaged.pdf', pdf.subarray(0, 1500));
    const result = await runCli(['verify', damaged]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PDF_(INVALID|NO_CREDENTIAL)/);
  });
});

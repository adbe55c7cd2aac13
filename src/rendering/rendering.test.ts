import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfFirstPage, pdfText } from '../../test/support/pdf.js';
import { extractFromPdf, listPdfAttachments } from '../core/baking/pdf.js';
import { isAppError } from '../errors.js';
import { renderBadgeSvg } from './badge-svg.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { badgeDesign, certificateDesign } from './design.js';
import { embedHtml } from './embed.js';
import { fontkit } from './fontkit.js';
import { fontBytes, fontPath } from './fonts.js';
import { linkedInAddToProfileUrl } from './linkedin.js';
import { LruCache } from './lru-cache.js';
import { splitRuns } from './pdf-text.js';
import { rasterizeSvg } from './rasterize.js';
import { renderSocialImage } from './social-image.js';

/** Names in the five scripts Cairn promises to render. */
const NAMES = {
  latin: 'Zoë Ångström-Dvořák',
  greek: 'Αλέξανδρος Παπαδόπουλος',
  cyrillic: 'Анна Каренина',
  cjk: '山田 太郎',
  arabic: 'محمد علي',
};

const OUT = 'test-results/renders';
const save = (name: string, bytes: Uint8Array | string) => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/${name}`, bytes);
};

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const CREDENTIAL = JSON.stringify({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  id: 'urn:uuid:3f1c1a9e-7a0b-4f7e-9a55-0d7c9a1b2c3d',
});

function certificate(learnerName: string, layout: 'certificate' | 'diploma' = 'certificate') {
  return renderCertificatePdf({
    design: certificateDesign({ layout, signatures: [{ name: 'Grace Hopper', title: 'Dean' }] }),
    learnerName,
    achievementName: 'Unit 1: Balance',
    achievementDescription: 'Stack three stones that stay up.',
    issuerName: 'Department of Stones',
    issuedOn: '2026-11-28T10:00:00Z',
    validUntil: '2028-11-28T10:00:00Z',
    credentialId: 'urn:uuid:3f1c1a9e-7a0b-4f7e-9a55-0d7c9a1b2c3d',
    credentialUrl: 'http://localhost:3000/c/3f1c1a9e-7a0b-4f7e-9a55-0d7c9a1b2c3d',
    credentialText: CREDENTIAL,
  });
}

describe('fonts', () => {
  it('come from npm packages as TrueType files, never from the system', () => {
    for (const family of ['sans', 'serif', 'arabic', 'cjk'] as const) {
      expect(fontPath(family, 'regular')).toMatch(/node_modules\/@expo-google-fonts\/.+\.ttf$/);
      // TrueType outlines: version 0x00010000.
      expect([...fontBytes(family, 'bold').subarray(0, 4)]).toEqual([0, 1, 0, 0]);
    }
  });

  it.each(Object.entries(NAMES))('cover every character of a %s name (no .notdef glyph)', (_script, name) => {
    for (const primary of ['serif', 'sans'] as const) {
      for (const weight of ['regular', 'bold'] as const) {
        for (const run of splitRuns(name, primary, weight)) {
          const font = fontkit.create(fontBytes(run.family, weight));
          for (const glyph of font.layout(run.text).glyphs) {
            expect(glyph.id, `${run.text} in ${run.family} ${weight}`).not.toBe(0);
          }
        }
      }
    }
  });

  it('puts Arabic and CJK names in the Arabic and CJK faces, whole words in one run', () => {
    expect(splitRuns(NAMES.arabic, 'serif', 'bold')).toEqual([
      { text: NAMES.arabic, family: 'arabic', rtl: true },
    ]);
    expect(splitRuns(NAMES.cjk, 'serif', 'bold')).toEqual([{ text: NAMES.cjk, family: 'cjk', rtl: false }]);
    expect(splitRuns(NAMES.greek, 'serif', 'regular').map((run) => run.family)).toEqual(['serif']);
    expect(splitRuns('Ada 山田', 'sans', 'regular').map((run) => run.family)).toEqual(['sans', 'cjk']);
  });
});

describe('an uploaded SVG inside a rendered badge', () => {
  // The sanitizer's own cases are in src/core/images/sanitize-svg.test.ts; this checks the badge uses it.
  const MALICIOUS = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="100" height="100">
  <script>alert('script')</script>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
  <a href="javascript:alert(2)"><circle r="10"/></a>
  <image href="https://evil.example/track.png" width="10" height="10"/>
  <rect width="10" height="10" fill="url(https://evil.example/p.svg#p)" onclick="alert(3)"/>
  <circle cx="50" cy="50" r="40" stroke="#000"/>
</svg>`;

  it('neutralizes a malicious upload inside a designed badge, which still renders', async () => {
    const svg = renderBadgeSvg({
      design: badgeDesign({ shape: 'shield', textLines: ['Safe'] }),
      image: { mediaType: 'image/svg+xml', bytes: new TextEncoder().encode(MALICIOUS) },
      title: 'Badge',
    });
    const inner = Buffer.from(
      /data:image\/svg\+xml;base64,([^"]+)/.exec(svg)?.[1] ?? '',
      'base64',
    ).toString();
    expect(inner).toContain('<circle');
    expect(inner).not.toMatch(/script|onload|evil\.example|javascript:/i);
    expect(svg).not.toMatch(/script|onload|evil\.example|javascript:/i);
    expect(pngSize(await rasterizeSvg(svg))).toEqual({ width: 600, height: 600 });
  });

  it('never lets resvg read a file or URL through an image reference', async () => {
    for (const href of ['/etc/passwd', 'file:///etc/hosts', 'https://evil.example/a.png']) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="${href}" width="10" height="10"/></svg>`;
      await expect(rasterizeSvg(svg)).rejects.toSatisfy((error) => isAppError(error, 'RENDER_FAILED'));
    }
  });
});

describe('renderBadgeSvg', () => {
  it('is deterministic, escapes text and carries alt text; renders every shape to a 600 px PNG', async () => {
    const pngs: string[] = [];
    for (const shape of ['circle', 'shield', 'hexagon', 'ribbon', 'square'] as const) {
      const input = {
        design: badgeDesign({
          shape,
          icon: 'star',
          textLines: ['<b>"Rust" & Co</b>', NAMES.greek, NAMES.arabic],
        }),
        title: 'Rust & <Friends>',
        description: 'Ownership "and" borrowing',
      };
      const svg = renderBadgeSvg(input);
      expect(renderBadgeSvg(input)).toBe(svg);
      expect(svg).toContain('<title id="badge-title">Rust &amp; &lt;Friends&gt;</title>');
      expect(svg).toContain('<desc id="badge-desc">Ownership &quot;and&quot; borrowing</desc>');
      expect(svg).toContain('&lt;b&gt;&quot;Rust&quot; &amp; Co&lt;/b&gt;');
      expect(svg).not.toContain('<b>');
      const png = await rasterizeSvg(svg);
      expect(pngSize(png)).toEqual({ width: 600, height: 600 });
      save(`unit-badge-${shape}.png`, png);
      pngs.push(shape);
    }
    expect(pngs).toHaveLength(5);
  });
});

describe('renderCertificatePdf', () => {
  it.each(Object.entries(NAMES))(
    'writes a %s name as text, a QR code to the credential page, and attaches the credential',
    async (script, name) => {
      const pdf = await certificate(name, script === 'arabic' ? 'diploma' : 'certificate');
      save(`unit-certificate-${script}.pdf`, pdf);
      expect(extractFromPdf(pdf)).toEqual({ obVersion: '3.0', kind: 'json', text: CREDENTIAL });
      expect(listPdfAttachments(pdf)).toMatchObject([
        { name: 'credential.json', mediaType: 'application/ld+json', relationship: 'Source' },
      ]);
      const text = await pdfText(pdf);
      // pdf.js reports a control character for some shaped Arabic glyphs; the letters are all there.
      expect(text.replace(/\p{Cc}/gu, '')).toContain(name);
      expect(text).toContain('Unit 1: Balance');
      expect(text).toContain('urn:uuid:3f1c1a9e-7a0b-4f7e-9a55-0d7c9a1b2c3d');
      const page = await pdfFirstPage(pdf);
      expect(page.qr).toBe('http://localhost:3000/c/3f1c1a9e-7a0b-4f7e-9a55-0d7c9a1b2c3d');
      // A4: landscape certificate, portrait diploma.
      const [long, short] = [841.89, 595.28];
      const landscape = script !== 'arabic';
      expect(Math.round(page.width)).toBe(Math.round(landscape ? long : short));
      expect(Math.round(page.height)).toBe(Math.round(landscape ? short : long));
    },
  );

  it('subsets the fonts: a CJK certificate stays small', async () => {
    const pdf = await certificate(NAMES.cjk);
    expect(pdf.length).toBeLessThan(200_000);
  });
});

describe('renderSocialImage', () => {
  it('is a 1200 × 630 PNG', async () => {
    const png = await renderSocialImage({
      badgePng: await rasterizeSvg(
        renderBadgeSvg({ design: badgeDesign({ icon: 'cairn', textLines: ['Balance'] }), title: 'Balance' }),
        { width: 420 },
      ),
      achievementName: 'Unit 1: Balance — stacking stones that stay up',
      learnerName: NAMES.cjk,
      issuerName: 'Department of Stones',
      issuedOn: '28 November 2026',
      url: 'http://localhost:3000/c/abc',
      colors: { background: '#1F4E79', accent: '#C9A227' },
    });
    save('unit-social.png', png);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });
});

describe('linkedInAddToProfileUrl', () => {
  const base = {
    name: 'Rust & Friends: Ownership',
    organizationName: 'Department of Stones',
    issued: new Date('2026-11-28T10:00:00Z'),
    expires: new Date('2028-02-01T00:00:00Z'),
    certUrl: 'https://cairn.example/c/3f1c1a9e',
    certId: '3f1c1a9e',
  };

  it('carries every field', () => {
    const url = new URL(linkedInAddToProfileUrl(base));
    expect(`${url.origin}${url.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Rust & Friends: Ownership',
      organizationName: 'Department of Stones',
      issueYear: '2026',
      issueMonth: '11',
      expirationYear: '2028',
      expirationMonth: '2',
      certUrl: 'https://cairn.example/c/3f1c1a9e',
      certId: '3f1c1a9e',
    });
  });

  it('names the organization by its LinkedIn id when there is one, and leaves out a missing expiry', () => {
    const { expires: _expires, ...noExpiry } = base;
    const url = new URL(linkedInAddToProfileUrl({ ...noExpiry, organizationId: '1337' }));
    expect(url.searchParams.get('organizationId')).toBe('1337');
    expect(url.searchParams.has('organizationName')).toBe(false);
    expect(url.searchParams.has('expirationYear')).toBe(false);
  });
});

describe('embedHtml', () => {
  it('links the badge to the page, escaping every value', () => {
    const html = embedHtml({
      pageUrl: 'https://cairn.example/c/1?a=1&b="2"',
      imageUrl: 'https://cairn.example/c/1.png',
      achievementName: '<script>alert(1)</script>',
      issuerName: "O'Brien & Co",
    });
    expect(html).toContain('href="https://cairn.example/c/1?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('alt="&lt;script&gt;alert(1)&lt;/script&gt;, issued by O&#39;Brien &amp; Co"');
    expect(html).not.toContain('<script>');
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entries past its count or size', () => {
    const cache = new LruCache<Uint8Array>(2, 10);
    cache.set('a', new Uint8Array(4));
    cache.set('b', new Uint8Array(4));
    cache.get('a');
    cache.set('c', new Uint8Array(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    cache.set('d', new Uint8Array(9));
    expect(cache.size).toBe(1);
    expect(cache.totalBytes).toBe(9);
    cache.set('huge', new Uint8Array(11));
    expect(cache.get('huge')).toBeUndefined();
  });
});

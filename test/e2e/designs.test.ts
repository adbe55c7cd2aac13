/**
 * The design editor in a real browser: colours, text, shape and a certificate's wording change the live
 * preview the server renders; a hostile SVG upload arrives in the preview neutralized; the saved design
 * is what a newly issued credential's PNG and PDF show. Checked with axe, in English and Spanish.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfFirstPage, pdfText } from '../support/pdf.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { signInAsDemoAdmin } from './support/console.js';
import { demoAchievement, issueCredential } from './support/fixtures.js';
import { colorShare } from './support/images.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100" onload="window.parent.__pwned = 1">
<script>window.parent.__pwned = 2</script>
<circle cx="50" cy="50" r="40" fill="#0A7D32" onclick="window.parent.__pwned = 3"/>
<image href="https://evil.example/track.png" width="10" height="10"/>
<a xlink:href="javascript:window.parent.__pwned = 4"><rect width="10" height="10" fill="#000000"/></a>
<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"></iframe></foreignObject>
</svg>`;

const RED = '#8B1E3F';
/** Previews are rendered by the server a moment after the last change: wait for them, not a fixed time. */
const POLL = { timeout: 20_000 };

let server: E2eServer;
let browser: Browser;
let page: Page;
let achievementId = '';

/**
 * The previews the server sent the page, newest last, by kind. (The page shows them as blob: URLs,
 * which its CSP does not let a script read back, so they are taken from the network as they arrive.)
 */
const previews: { badge: string[]; certificate: { request: string; body: Buffer }[] } = {
  badge: [],
  certificate: [],
};

async function recordPreviews(target: Page): Promise<void> {
  // Passed through to the real server untouched; only a copy of each answer is kept.
  await target.route('**/api/v1/designs/preview', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    const request = route.request().postData() ?? '';
    if (response.status() === 200) {
      if (JSON.parse(request).kind === 'badge') {
        previews.badge.push(body.toString('utf8'));
      } else {
        previews.certificate.push({ request, body });
      }
    }
    await route.fulfill({ response, body });
  });
}

/** The badge SVG the page received last (what its preview shows once it settles). */
async function badgePreviewSvg(_target: Page): Promise<string> {
  return previews.badge.at(-1) ?? '';
}

/** Every SVG embedded in an SVG as a base64 data URL, decoded. */
function embeddedSvgs(svg: string): string[] {
  return [...svg.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)].map((match) =>
    Buffer.from(match[1] as string, 'base64').toString('utf8'),
  );
}

const badgeGroup = () => page.getByRole('group', { name: 'Badge', exact: true });

describe('the design editor', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page.on('dialog', (dialog) => {
      throw new Error(`unexpected dialog: ${dialog.message()}`);
    });
    await recordPreviews(page);
    achievementId = await demoAchievement(server);
    await signInAsDemoAdmin(page, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens from the achievement, with the current design in the form and in the preview', async () => {
    await page.goto(`${server.url}/console/achievements/${achievementId}`);
    await page.getByRole('link', { name: 'Design badge and certificate' }).click();
    await page.getByRole('heading', { name: 'Design: Unit 1: Foundations of Data', level: 1 }).waitFor();
    await page.getByTestId('badge-preview').waitFor();
    await page.getByTestId('certificate-preview').waitFor();
    // Each colour has a labelled text field beside its picker.
    await expect(badgeGroup().getByLabel('Background colour', { exact: true }).inputValue()).resolves.toMatch(
      /^#[0-9A-F]{6}$/i,
    );
    await badgeGroup().getByLabel('Background colour (picker)').first().waitFor();
  });

  it('updates the badge preview as colours, text and shape change; refuses a malformed colour', async () => {
    const background = badgeGroup().getByLabel('Background colour', { exact: true });
    await background.fill('#12');
    await page.getByText('Enter a colour as # and six hexadecimal digits').first().waitFor();
    await expect(background.getAttribute('aria-invalid')).resolves.toBe('true');
    await background.fill(RED);
    await expect.poll(async () => (await badgePreviewSvg(page)).toUpperCase(), POLL).toContain(RED);
    await page.getByLabel('Text line 1').fill('Stonework');
    await expect.poll(() => badgePreviewSvg(page), POLL).toContain('Stonework');
    const before = await badgePreviewSvg(page);
    await page.getByLabel('Shape').selectOption('hexagon');
    await expect.poll(() => badgePreviewSvg(page), POLL).not.toBe(before);
    await page.getByLabel('Icon', { exact: true }).selectOption('star');
    await page.getByLabel('Alt text of the badge').fill('A red hexagonal badge with a star');
    await expect(page.getByTestId('badge-preview').getAttribute('alt')).resolves.toBe(
      'A red hexagonal badge with a star',
    );
  });

  it('neutralizes a hostile SVG upload: the preview carries none of its scripts or references', async () => {
    await page.getByLabel('An uploaded image').check();
    await page.getByLabel('Choose the badge image (PNG or SVG)').setInputFiles({
      name: 'hostile.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from(HOSTILE_SVG),
    });
    await page.getByText('The image was uploaded.').waitFor();
    await expect.poll(async () => embeddedSvgs(await badgePreviewSvg(page)).length, POLL).toBeGreaterThan(0);
    const preview = await badgePreviewSvg(page);
    for (const svg of [preview, ...embeddedSvgs(preview)]) {
      expect(svg).not.toMatch(/<script|onload|onclick|javascript:|evil\.example|foreignObject|<iframe/i);
    }
    // The harmless part stays: the green circle is drawn.
    expect(embeddedSvgs(preview).join('')).toMatch(/#0A7D32/i);
    await screenshot(page, 'console-design-hostile-svg');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Back to the icon for the rest.
    await page.getByLabel('An icon').check();
    await expect.poll(async () => embeddedSvgs(await badgePreviewSvg(page)).length, POLL).toBe(0);
  });

  it('previews the certificate as a diploma with signature lines and its wording', async () => {
    await page.getByLabel('Layout').selectOption('diploma');
    await page.getByLabel('Title wording').fill('Diploma of Stonework');
    await page.getByLabel('Signature 1: name').fill('Grace Hopper');
    await page.getByLabel('Signature 1: title').fill('Dean of Masonry');
    const wanted = () =>
      previews.certificate.find(
        (entry) =>
          entry.request.includes('Diploma of Stonework') && entry.request.includes('"Dean of Masonry"'),
      );
    await expect.poll(() => wanted() !== undefined, POLL).toBe(true);
    const pdf = new Uint8Array((wanted() as { body: Buffer }).body);
    const text = await pdfText(pdf);
    expect(text).toMatch(/Diploma of Stonework/i);
    expect(text).toContain('Grace Hopper');
    expect(text).toContain('Dean of Masonry');
    const first = await pdfFirstPage(pdf);
    expect(first.height).toBeGreaterThan(first.width);
    await expect(page.getByTestId('certificate-preview').getAttribute('class')).resolves.toContain(
      'design-pdf-diploma',
    );
  });

  it('passes axe, in English and in Spanish', async () => {
    await screenshot(page, 'console-design-editor');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Diseño: Unit 1: Foundations of Data', level: 1 }).waitFor();
    await page
      .getByRole('group', { name: 'Insignia', exact: true })
      .getByLabel('Color de fondo', { exact: true })
      .waitFor();
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'console-design-editor-es');
    await page.getByLabel('Idioma').selectOption('en');
    await badgeGroup().getByLabel('Background colour', { exact: true }).waitFor();
  });

  it('saves, and a newly issued credential is drawn with the design', async () => {
    await page.getByRole('button', { name: 'Save design' }).click();
    await page.getByText('The design was saved.').waitFor();
    const issued = await issueCredential(
      server,
      { email: 'mary@example.org', name: 'Mary Anning' },
      achievementId,
    );
    const png = new Uint8Array(await (await fetch(`${server.url}/c/${issued.id}.png`)).arrayBuffer());
    // A good part of the badge is the new background colour (the default is blue, #1F4E79).
    expect(await colorShare(png, RED)).toBeGreaterThan(0.1);
    expect(await colorShare(png, '#1F4E79')).toBeLessThan(0.01);
    const pdf = new Uint8Array(await (await fetch(`${server.url}/c/${issued.id}.pdf`)).arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain('Mary Anning');
    expect(text).toContain('Grace Hopper');
    expect(text).toMatch(/Diploma of Stonework/i);
    const reader = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await reader.goto(issued.url);
    await expect(reader.locator('.credential img.badge-image').first().getAttribute('alt')).resolves.toBe(
      'A red hexagonal badge with a star',
    );
    await reader.close();
    // Back in the editor, the saved design is what the form starts from.
    await page.reload();
    await expect(badgeGroup().getByLabel('Background colour', { exact: true }).inputValue()).resolves.toBe(
      RED,
    );
    await expect(page.getByLabel('Signature 1: name').inputValue()).resolves.toBe('Grace Hopper');
  });
});

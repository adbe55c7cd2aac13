/** A badge design's alt text: saved with the design, and the alt of the badge on the credential's page. */
import { expect, it } from 'vitest';
import { forEachServer } from '../../support/http.js';
import { issuingTenant } from '../../support/tenant.js';

forEachServer('badge alt text', (server) => {
  it("is saved with the design and becomes the badge's alt on the public page", async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const saved = await s.request({
      method: 'PUT',
      url: `/api/v1/achievements/${tenant.achievementId}/design`,
      key: tenant.apiKey,
      payload: { badge: { shape: 'shield', icon: 'star', altText: 'A gold star on a blue shield' } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().badge.altText).toBe('A gold star on a blue shield');
    const issued = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: { achievementId: tenant.achievementId, recipient: { email: 'ada@example.org' } },
    });
    const id = issued.json().id as string;
    const page = await s.request({ method: 'GET', url: `/c/${id}`, headers: { accept: 'text/html' } });
    const unchanged = await s.request({
      method: 'GET',
      url: `/c/${id}`,
      headers: { accept: 'text/html', 'if-none-match': page.headers.etag as string },
    });
    expect(unchanged.statusCode).toBe(304);
    expect(page.body).toMatch(/<img[^>]*class="badge-image[^"]*"[^>]*alt="A gold star on a blue shield"/);

    // Without alt text, the page says what the badge is by the achievement's name.
    await s.request({
      method: 'PUT',
      url: `/api/v1/achievements/${tenant.achievementId}/design`,
      key: tenant.apiKey,
      payload: { badge: { shape: 'shield', icon: 'star' } },
    });
    // A browser revalidating the page it has is not told "not modified": the design changed.
    const plain = await s.request({
      method: 'GET',
      url: `/c/${id}`,
      headers: { accept: 'text/html', 'if-none-match': page.headers.etag as string },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers.etag).not.toBe(page.headers.etag);
    expect(plain.body).not.toContain('A gold star on a blue shield');
    expect(plain.body).toMatch(/<img[^>]*class="badge-image[^"]*"[^>]*alt="[^"]*Unit 1: Balance"/);

    const tooLong = await s.request({
      method: 'PUT',
      url: `/api/v1/achievements/${tenant.achievementId}/design`,
      key: tenant.apiKey,
      payload: { badge: { altText: 'x'.repeat(301) } },
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

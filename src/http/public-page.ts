/**
 * Public pages rendered with React on the server (src/pages), then hydrated in the browser by the
 * public entry of the web app: the HTML is complete without JavaScript (content, OpenGraph and Twitter
 * tags, canonical URL, JSON-LD link), and the live parts — the in-browser verifier — start on hydration.
 * React escapes every string it renders; the props travel as a JSON block that cannot close its element.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { isLocale, LOCALE_COOKIE, type Locale, pickLocale } from '../i18n/index.js';
import { I18nProvider } from '../pages/i18n-context.js';
import {
  PAGE_DATA_ID,
  PAGE_ROOT_ID,
  PAGES,
  type PageData,
  type PageName,
  type PageProps,
} from '../pages/registry.js';
import { jsonForScript, type PageMeta, renderPage } from './html.js';
import type { WebApp } from './web-assets.js';

/** The reader's language: `?lang=` (remembered in a cookie), else the cookie, else Accept-Language. */
export function requestLocale(request: FastifyRequest, reply?: FastifyReply): Locale {
  const query = (request.query as { lang?: unknown } | undefined)?.lang;
  const locale = pickLocale({
    query: typeof query === 'string' ? query : undefined,
    cookie: request.headers.cookie,
    acceptLanguage: request.headers['accept-language'],
  });
  if (reply && isLocale(query)) {
    reply.setCookie(LOCALE_COOKIE, query, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
  }
  return locale;
}

/** The request's path without its query: the base of the language links. */
export function requestPath(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

export function renderPublicPage<Name extends PageName>(
  web: WebApp,
  options: { page: Name; props: PageProps[Name]; locale: Locale; meta: PageMeta },
): string {
  const Page = PAGES[options.page] as (props: PageProps[Name]) => ReturnType<typeof createElement>;
  const html = renderToString(
    createElement(I18nProvider, { locale: options.locale }, createElement(Page, options.props)),
  );
  const data: PageData<Name> = { page: options.page, locale: options.locale, props: options.props };
  const body = `<div id="${PAGE_ROOT_ID}">${html}</div>
<script type="application/json" id="${PAGE_DATA_ID}">${jsonForScript(data)}</script>`;
  return renderPage(options.meta, body, { lang: options.locale, assets: web.publicAssets() });
}

/** Sends a rendered page; public pages vary by language (cookie or Accept-Language). */
export function sendPublicPage(
  reply: FastifyReply,
  html: string,
  cacheControl = 'public, max-age=60',
): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('vary', 'Accept, Accept-Language, Cookie')
    .header('cache-control', cacheControl)
    .send(html);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { AppError } from '../../errors.js';
import { bakeSvg, extractFromSvg } from './svg.js';

const JSON_CREDENTIAL = JSON.stringify({
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Ünïcödé 💡 — 日本語 ]]> ]]]]> <tag attr="x"> & &amp; &#60; \'quotes\'',
});
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';
const SVG_NS = 'http://www.w3.org/2000/svg';
const OB3_NS = 'https://purl.imsglobal.org/ob/v3p0';
const PLAIN_SVG = `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10">\n  <circle cx="5" cy="5" r="4"/>\n</svg>\n`;

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('bakeSvg / extractFromSvg', () => {
  it('round-trips a JSON credential with Unicode, ]]>, < and & in CDATA', () => {
    const baked = bakeSvg(PLAIN_SVG, JSON_CREDENTIAL);
    expect(extractFromSvg(baked)).toEqual({ obVersion: '3.0', kind: 'json', text: JSON_CREDENTIAL });
    expect(baked).toContain(`xmlns:openbadges="${OB3_NS}"`);
    expect(baked).toContain('<openbadges:credential><![CDATA[{');
    // Each ]]> in the credential is split across two sections.
    expect(baked).toContain(']]]]><![CDATA[>');
    expect(baked).not.toContain('verify=');
  });

  it('puts the element directly after the <svg> start tag and leaves the rest unchanged', () => {
    const baked = bakeSvg(PLAIN_SVG, JWT);
    expect(baked).toBe(
      `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10" xmlns:openbadges="${OB3_NS}">` +
        `<openbadges:credential verify="${JWT}"></openbadges:credential>` +
        '\n  <circle cx="5" cy="5" r="4"/>\n</svg>\n',
    );
    expect(extractFromSvg(baked)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
  });

  it('copes with an XML declaration, comments, a DOCTYPE with an internal subset and single quotes', () => {
    const svg = [
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- <svg><openbadges:credential verify="fake.fake.fake"/></svg> -->',
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [',
      '  <!ENTITY ns "x>y"> <!-- ] > --> <?pi ]>?>',
      ']>',
      `<svg xmlns='${SVG_NS}' width='10'\n     height="10"><rect width='10' height='10'/></svg>`,
    ].join('\n');
    const baked = bakeSvg(svg, JSON_CREDENTIAL);
    expect(baked.startsWith('\uFEFF<?xml')).toBe(true);
    expect(extractFromSvg(baked).text).toBe(JSON_CREDENTIAL);
    expect(count(baked, '<openbadges:credential>')).toBe(1);
  });

  it('turns a self-closing root into a start and end tag', () => {
    const baked = bakeSvg(`<svg xmlns="${SVG_NS}"/>`, JWT);
    expect(baked).toBe(
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}">` +
        `<openbadges:credential verify="${JWT}"></openbadges:credential></svg>`,
    );
    expect(extractFromSvg(bakeSvg('<s:svg xmlns:s="http://www.w3.org/2000/svg" />', JWT)).text).toBe(JWT);
  });

  it('refuses to re-bake without overwrite, and replaces the credential with it', () => {
    const baked = bakeSvg(PLAIN_SVG, JSON_CREDENTIAL);
    expectAppError(() => bakeSvg(baked, JWT), 'IMAGE_ALREADY_BAKED');
    const rebaked = bakeSvg(baked, JWT, { overwrite: true });
    expect(count(rebaked, '<openbadges:credential')).toBe(1);
    expect(count(rebaked, 'xmlns:openbadges=')).toBe(1);
    expect(extractFromSvg(rebaked)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
    expect(bakeSvg(rebaked, JSON_CREDENTIAL, { overwrite: true })).toBe(baked);
  });

  it('overwrites an OB 2.0 baked SVG, rebinding the openbadges prefix to the OB 3.0 namespace', () => {
    const ob2 =
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="http://openbadges.org">` +
      '<openbadges:assertion verify="https://example.org/assertions/1"></openbadges:assertion><g/></svg>';
    expectAppError(() => bakeSvg(ob2, JWT), 'IMAGE_ALREADY_BAKED');
    const rebaked = bakeSvg(ob2, JWT, { overwrite: true });
    expect(rebaked).toBe(
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}">` +
        `<openbadges:credential verify="${JWT}"></openbadges:credential><g/></svg>`,
    );
  });

  it('refuses to rebind the openbadges prefix while the document still uses it', () => {
    const svg = `<svg xmlns="${SVG_NS}" xmlns:openbadges="urn:other"><openbadges:thing/></svg>`;
    expectAppError(() => bakeSvg(svg, JWT), 'INVALID_INPUT', /prefix/);
  });

  it('refuses a credential that is neither JSON nor a compact JWS, or that XML cannot carry', () => {
    expectAppError(() => bakeSvg(PLAIN_SVG, 'hello'), 'INVALID_INPUT');
    expectAppError(() => bakeSvg(PLAIN_SVG, '{"a":'), 'INVALID_JSON');
    expectAppError(() => bakeSvg(PLAIN_SVG, '{"a":"\uFFFF"}'), 'INVALID_INPUT', /XML/);
  });

  it('refuses to bake into a document that is not an SVG', () => {
    expectAppError(() => bakeSvg('<html><svg/></html>', JWT), 'IMAGE_INVALID', /root/);
    expectAppError(() => bakeSvg('', JWT), 'IMAGE_INVALID');
  });
});

describe('extractFromSvg: reading', () => {
  it('finds the OB 3.0 element under any prefix bound to the OB 3.0 namespace', () => {
    const svg = `<svg xmlns="${SVG_NS}"><g xmlns:ob="${OB3_NS}"><ob:credential verify='${JWT}'/></g></svg>`;
    expect(extractFromSvg(svg)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
    const defaultNs = `<svg xmlns="${SVG_NS}"><credential xmlns="${OB3_NS}"><![CDATA[{"a":1}]]></credential></svg>`;
    expect(extractFromSvg(defaultNs)).toEqual({ obVersion: '3.0', kind: 'json', text: '{"a":1}' });
  });

  it('is not fooled by the element in a comment, a CDATA section, an attribute, or in the wrong namespace', () => {
    const svg = [
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}" xmlns:fake="urn:fake">`,
      '<!-- <openbadges:credential verify="a.b.c"/> -->',
      '<style><![CDATA[ <openbadges:credential verify="d.e.f"/> ]]></style>',
      '<desc title="&lt;openbadges:credential verify=&quot;g.h.i&quot;/>">x</desc>',
      '<fake:credential verify="j.k.l"/>',
      '<credential verify="m.n.o"/>',
      '</svg>',
    ].join('');
    expectAppError(() => extractFromSvg(svg), 'IMAGE_NO_CREDENTIAL');
    const withReal = svg.replace('</svg>', `<openbadges:credential verify="${JWT}"/></svg>`);
    expect(extractFromSvg(withReal).text).toBe(JWT);
  });

  it('scopes namespace declarations to their element', () => {
    const leaked = `<svg xmlns="${SVG_NS}"><g xmlns:ob="${OB3_NS}"/><ob:credential verify="${JWT}"/></svg>`;
    expectAppError(() => extractFromSvg(leaked), 'IMAGE_NO_CREDENTIAL');
    const shadowed =
      `<svg xmlns="${SVG_NS}" xmlns:ob="${OB3_NS}"><g xmlns:ob="urn:other"><ob:credential verify="a.b.c"/></g>` +
      `<ob:credential verify="${JWT}"/></svg>`;
    expect(extractFromSvg(shadowed).text).toBe(JWT);
  });

  it('reads a deeply nested document that declares a prefix on every element in linear time', () => {
    const depth = 20_000;
    let svg = `<svg xmlns="${SVG_NS}">`;
    for (let i = 0; i < depth; i++) {
      svg += `<g xmlns:p${i}="urn:${i}">`;
    }
    svg += `<credential xmlns="${OB3_NS}" verify="${JWT}"/>${'</g>'.repeat(depth)}</svg>`;
    const started = performance.now();
    expect(extractFromSvg(svg).text).toBe(JWT);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('decodes references in a text body and joins text and CDATA', () => {
    const svg =
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}"><openbadges:credential>\r\n` +
      '  {&quot;a&quot;: &quot;&lt;&amp;&#x1F4A1;&#233;&quot;, <![CDATA["b": "<&>"]]>}\r\n' +
      '</openbadges:credential></svg>';
    expect(extractFromSvg(svg)).toEqual({
      obVersion: '3.0',
      kind: 'json',
      text: '{"a": "<&💡é", "b": "<&>"}',
    });
  });

  it('decodes references in the verify attribute', () => {
    const svg = `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}"><openbadges:credential verify="a&#46;b.c"/></svg>`;
    expect(extractFromSvg(svg).text).toBe('a.b.c');
  });

  it('stops at the first element', () => {
    const second = JWT.replace('c2lnbmF0dXJl', 'b3RoZXI');
    const svg =
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}" xmlns:ob2="http://openbadges.org">` +
      `<openbadges:credential verify="${JWT}"/><openbadges:credential verify="${second}"/>` +
      `<ob2:assertion verify="${second}"/></svg>`;
    expect(extractFromSvg(svg).text).toBe(JWT);
    const ob2First = svg.replace(`<openbadges:credential verify="${JWT}"/>`, '');
    expect(extractFromSvg(ob2First).text).toBe(second);
  });

  it('reads OB 2.0 assertions: a hosted URL, a JWS, and a JSON body (which wins over verify)', () => {
    const wrap = (inner: string) =>
      `<svg xmlns="${SVG_NS}" xmlns:openbadges="http://openbadges.org">${inner}</svg>`;
    expect(extractFromSvg(wrap('<openbadges:assertion verify="https://example.org/a/1"/>'))).toEqual({
      obVersion: '2.0',
      kind: 'url',
      text: 'https://example.org/a/1',
    });
    expect(extractFromSvg(wrap(`<openbadges:assertion verify="${JWT}"/>`))).toEqual({
      obVersion: '2.0',
      kind: 'jws',
      text: JWT,
    });
    const assertion = '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}';
    expect(
      extractFromSvg(
        wrap(
          `<openbadges:assertion verify="https://example.org/a/1">\n  <![CDATA[\n ${assertion}\n ]]>\n</openbadges:assertion>`,
        ),
      ),
    ).toEqual({ obVersion: '2.0', kind: 'json', text: assertion });
  });

  it('reports an empty element, or content that is not a credential', () => {
    const wrap = (inner: string) => `<svg xmlns="${SVG_NS}" xmlns:openbadges="${OB3_NS}">${inner}</svg>`;
    expectAppError(
      () => extractFromSvg(wrap('<openbadges:credential> </openbadges:credential>')),
      'IMAGE_NO_CREDENTIAL',
    );
    expectAppError(() => extractFromSvg(wrap('<openbadges:credential verify=""/>')), 'IMAGE_NO_CREDENTIAL');
    expectAppError(
      () => extractFromSvg(wrap('<openbadges:credential>hello</openbadges:credential>')),
      'IMAGE_INVALID',
    );
    expectAppError(
      () => extractFromSvg(wrap('<openbadges:credential>{&nbsp;}</openbadges:credential>')),
      'IMAGE_INVALID',
      /nbsp/,
    );
    expectAppError(
      () => extractFromSvg(wrap('<openbadges:credential>{&#0;}</openbadges:credential>')),
      'IMAGE_INVALID',
    );
    expectAppError(
      () => extractFromSvg(wrap('<openbadges:credential>{ & }</openbadges:credential>')),
      'IMAGE_INVALID',
    );
  });
});

describe('extractFromSvg: damaged documents', () => {
  const baked = bakeSvg(`<?xml version="1.0"?>\n<!-- badge -->\n${PLAIN_SVG}`, JSON_CREDENTIAL);

  it('refuses every truncation that cuts the document before </svg> ends', () => {
    const end = baked.lastIndexOf('</svg>') + '</svg>'.length;
    for (let length = 0; length < end; length++) {
      expectAppError(() => extractFromSvg(baked.slice(0, length)), 'IMAGE_INVALID');
    }
    expect(extractFromSvg(baked.slice(0, end)).text).toBe(JSON_CREDENTIAL);
  });

  it('refuses malformed XML', () => {
    const cases = [
      `<svg xmlns="${SVG_NS}"><g></svg>`,
      `<svg xmlns="${SVG_NS}"></g></svg>`,
      `<svg xmlns="${SVG_NS}"><!-- open </svg>`,
      `<svg xmlns="${SVG_NS}"><![CDATA[ open </svg>`,
      `<svg xmlns="${SVG_NS}" a=unquoted></svg>`,
      `<svg xmlns="${SVG_NS}" a="1" a="2"></svg>`,
      `<svg xmlns="${SVG_NS}" a="<"></svg>`,
      `<svg xmlns="${SVG_NS}"a="1"></svg>`,
      `<svg xmlns="${SVG_NS}"></svg><svg/>`,
      `<svg xmlns="${SVG_NS}"></svg>trailing`,
      `<svg xmlns="${SVG_NS}">< g/></svg>`,
      `<svg xmlns="${SVG_NS}"><!DOCTYPE x></svg>`,
      '<!DOCTYPE svg [ <!ENTITY a "b"> <svg/>',
      `<svg xmlns="${SVG_NS}"><?pi </svg>`,
      'just text',
    ];
    for (const svg of cases) {
      expectAppError(() => extractFromSvg(svg), 'IMAGE_INVALID');
    }
  });

  it('only ever throws AppError on random or randomly damaged input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          extractFromSvg(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 500 },
    );
    const pieces = [
      '<',
      '>',
      '/',
      '"',
      "'",
      '=',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '&',
      ';',
      '<?',
      '?>',
      '[',
      ']',
      ' ',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.nat(), remove: fc.nat({ max: 5 }), insert: fc.constantFrom(...pieces) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (edits) => {
          let damaged = baked;
          for (const { at, remove, insert } of edits) {
            const position = at % (damaged.length + 1);
            damaged = damaged.slice(0, position) + insert + damaged.slice(position + remove);
          }
          try {
            extractFromSvg(damaged);
            bakeSvg(damaged, JWT, { overwrite: true });
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

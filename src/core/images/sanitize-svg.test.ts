import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { isAppError } from '../../errors.js';
import { extractCredential } from '../baking/extract.js';
import { bakeSvg } from '../baking/svg.js';
import { MAX_SVG_DEPTH, sanitizeSvg } from './sanitize-svg.js';
import { isSafeCssValue, sanitizeStyleAttribute, sanitizeStylesheet } from './svg-css.js';

const SVG = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';
const PNG_DATA = 'data:image/png;base64,iVBORw0KGgo=';

function svg(body: string, rootAttributes = ''): string {
  return `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" viewBox="0 0 100 100"${rootAttributes}>${body}</svg>`;
}

/** Markup that could run code, load something from elsewhere, or declare entities. */
const DANGER = [
  /<\s*\/?\s*(?:[\w.-]+:)?(?:script|foreignObject|iframe|embed|object|animate\w*|set|handler|listener)\b/i,
  /\son\w+\s*=/i,
  /javascript:|vbscript:|livescript:/i,
  /href\s*=\s*["'](?!#|data:image\/(?:png|jpeg);base64,)/i,
  /url\(\s*(?!['"]?#)/i,
  /@import|@font-face|expression\s*\(|image-set|-moz-binding|behavior\s*:/i,
  /https?:|\/\/evil|data:(?!image\/(?:png|jpeg);base64,)/i,
  /<!|<\?|&(?!amp;|lt;|gt;|quot;|#9;|#10;|#13;)/i,
];

/** The sanitized output is safe, re-sanitizes to itself with nothing removed, and is one <svg> element. */
function expectClean(result: { svg: string; removed: string[] }): void {
  const head = `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}"`;
  expect(result.svg.startsWith(head)).toBe(true);
  for (const pattern of DANGER) {
    expect(result.svg.slice(head.length)).not.toMatch(pattern);
  }
  const again = sanitizeSvg(result.svg);
  expect(again.svg).toBe(result.svg);
  expect(again.removed).toEqual([]);
}

describe('sanitizeSvg: a battery of hostile SVGs, each neutralized or rejected', () => {
  const attacks: Record<string, string> = {
    'script element': svg('<script>alert(1)</script><circle r="5"/>'),
    'script with CDATA': svg('<script><![CDATA[alert(1)]]></script>'),
    'script with xlink:href': svg('<script xlink:href="https://evil.example/x.js"/>'),
    'onload on the root': svg('<rect width="1" height="1"/>', ' onload="alert(1)"'),
    'onclick, onmouseover, onbegin': svg('<rect onclick="a()" onmouseover="b()" onbegin="c()" width="1"/>'),
    'mixed-case <ScRiPt>': svg('<ScRiPt>alert(1)</ScRiPt>'),
    'mixed-case oNlOaD': svg('<rect oNlOaD="alert(1)" OnClIcK="x" width="1"/>'),
    'javascript: href on <a>': svg('<a href="javascript:alert(1)"><text>click</text></a>'),
    'javascript: xlink:href on <a>': svg('<a xlink:href="javascript:alert(1)"><rect width="9"/></a>'),
    'javascript: with character references': svg(
      '<a href="jav&#x61;script&#58;alert(1)"><rect width="9"/></a>',
    ),
    'javascript: behind whitespace and a newline reference': svg(
      '<a href=" &#10;&#9;javascript:alert(1)"><rect width="9"/></a>',
    ),
    'external href on <a>': svg('<a href="https://evil.example/phish"><rect width="9"/></a>'),
    'external href on <image>': svg('<image href="https://evil.example/track.png" width="9" height="9"/>'),
    'xlink:href to http on <image>': svg('<image xlink:href="http://evil.example/x.png" width="9"/>'),
    'protocol-relative href': svg('<image href="//evil.example/x.png" width="9"/>'),
    '<use href="http://…">': svg('<use href="http://evil.example/sprite.svg#icon"/>'),
    '<use xlink:href="https://…#frag">': svg('<use xlink:href="https://evil.example/s.svg#a"/>'),
    'data:text/html href on <a>': svg(
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="><rect width="9"/></a>',
    ),
    'data:image/svg+xml on <image>': svg(
      '<image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" width="9"/>',
    ),
    'data:image/png on <use>': svg(`<use href="${PNG_DATA}"/>`),
    'foreignObject with HTML': svg(
      '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/><script>alert(1)</script></div></foreignObject>',
    ),
    'iframe, embed and object': svg(
      '<iframe src="https://evil.example"/><embed src="https://evil.example/x.swf"/><object data="https://evil.example"/>',
    ),
    'HTML namespace script': svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
    'HTML as default namespace inside svg': svg(
      '<g xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script><iframe src="javascript:alert(1)"/></g>',
    ),
    'script under another SVG prefix': svg(`<x:script xmlns:x="${SVG}">alert(1)</x:script>`),
    'SVG namespace spelled with a character reference': svg(
      '<x:script xmlns:x="http://www.w3.org/2000/sv&#103;">alert(1)</x:script>',
    ),
    'xlink:href through a renamed xlink prefix': svg(
      `<a foo:href="javascript:alert(1)" xmlns:foo="${XLINK}"><rect width="9"/></a>`,
    ),
    'xlink prefix rebound to another namespace': svg(
      '<g xmlns:xlink="https://evil.example/ns"><use xlink:href="#a"/></g>',
    ),
    'CSS url(http…) in a <style> element': svg(
      '<style>.a { fill: url(https://evil.example/x.svg#p); background: url("http://evil.example/b.png") }</style><rect class="a" width="9"/>',
    ),
    'CSS @import': svg(
      '<style>@import url(https://evil.example/x.css); @import "https://evil.example/y.css";</style>',
    ),
    '@font-face with src': svg(
      '<style>@font-face { font-family: X; src: url(https://evil.example/f.woff) }</style>',
    ),
    'CSS url() in a style attribute': svg(
      '<rect style="fill: url(https://evil.example/p.svg#x); mask: url(//evil.example/m)" width="9"/>',
    ),
    'CSS url() in a presentation attribute': svg(
      '<rect fill="url(http://evil.example/p.svg#x)" filter="url(https://evil.example/f.svg#f)" mask="image-set(\'https://evil.example/m.png\' 1x)" width="9"/>',
    ),
    'CSS escapes spelling url and @import': svg(
      '<style>@\\69mport "https://evil.example/x.css"; .a { fill: u\\72l(https://evil.example/x) }</style><rect style="fill:u\\72l(https://evil.example/p)" width="9"/>',
    ),
    'CSS expression, behavior and -moz-binding': svg(
      '<rect style="width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(https://evil.example/x.xml#x)" width="9"/>',
    ),
    'CSS comment splitting url': svg('<style>.a{fill:u/**/rl(https://evil.example/x)}</style>'),
    'CSS javascript: in a value': svg('<style>.a{fill:javascript:alert(1)}</style>'),
    'a string swallowing a brace': svg(
      '<style>.a{font-family:"x}.b{fill:url(https://evil.example/)}"}</style><rect class="a" width="9"/>',
    ),
    '</style> smuggled in CDATA': svg(
      '<style><![CDATA[</style><script>alert(1)</script><style>]]></style><rect width="9"/>',
    ),
    '<set> rewriting an href': svg(
      '<a><set attributeName="href" to="javascript:alert(1)"/><rect width="9"/></a>',
    ),
    '<animate> with javascript: values': svg(
      '<a href="#x"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>',
    ),
    'xml-stylesheet processing instruction': `<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?>${svg('<rect width="9"/>')}`,
    'plain DOCTYPE with an external DTD': `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg('<rect width="9"/>')}`,
    'file: href on <image>': svg('<image xlink:href="file:///etc/passwd" width="10" height="10"/>'),
    'data:text/html on <image>': svg('<image href="data:text/html;base64,PHNjcmlwdD4=" width="9"/>'),
    'every attack at once, around artwork that stays': `<?xml version="1.0"?>
<!DOCTYPE svg>
<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" onload="alert(1)" width="100" height="100">
  <script>alert('script')</script>
  <script xlink:href="https://evil.example/x.js"/>
  <style>@import url(https://evil.example/x.css); circle { fill: red }</style>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
  <a href="javascript:alert(2)"><circle r="10"/></a>
  <image href="https://evil.example/track.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <image href="data:image/svg+xml;base64,PHN2Zy8+" width="10" height="10"/>
  <use href="https://evil.example/sprite.svg#icon"/>
  <rect width="10" height="10" fill="url(https://evil.example/p.svg#p)" onclick="alert(3)" style="fill: url('https://evil.example/x')"/>
  <animate attributeName="href" to="javascript:alert(4)"/>
  <set attributeName="onmouseover" to="alert(5)"/>
  <openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA[{"stolen":true}]]></openbadges:credential>
  <circle cx="50" cy="50" r="40" fill="url(#g)" stroke="#000"/>
  <linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>
  <use href="#g"/>
  <text x="1" y="2">Hello &amp; &lt;world&gt;</text>
</svg>`,
    'metadata with RDF and sodipodi attributes': svg(
      '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata><rect sodipodi:type="x" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="9"/>',
    ),
    'xml:base redirecting relative references': svg(
      '<g xml:base="https://evil.example/"><use href="#a"/></g>',
    ),
    'baked credential element': svg(
      '<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA[{"id":"urn:x"}]]></openbadges:credential>',
    ),
  };

  for (const [name, attack] of Object.entries(attacks)) {
    it(`neutralizes: ${name}`, () => {
      const result = sanitizeSvg(attack);
      expectClean(result);
      expect(result.removed.length).toBeGreaterThan(0);
    });
  }

  const rejected: Record<string, string> = {
    'DOCTYPE declaring entities (billion laughs)': `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${svg('<text>&lol3;</text>')}`,
    'external entity (XXE)': `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg('<text>&xxe;</text>')}`,
    'an undeclared entity': svg('<text>&nbsp;&xxe;</text>'),
    'an entity in an attribute': svg('<rect width="&w;"/>'),
    'lower-case doctype': `<!doctype svg>${svg('')}`,
    'an ENTITY declaration outside a DOCTYPE': `<!ENTITY x "y">${svg('')}`,
    'a DOCTYPE after the root starts': svg('<!DOCTYPE svg>'),
    'HTML, not SVG': '<html><body><script>alert(1)</script></body></html>',
    'an svg root in the HTML namespace': '<svg xmlns="http://www.w3.org/1999/xhtml"><rect/></svg>',
    'an unclosed element': `<svg xmlns="${SVG}"><g><rect/></svg>`,
    'a truncated file': `<svg xmlns="${SVG}"><g>`,
    'mismatched tags': `<svg xmlns="${SVG}"><g></G></svg>`,
    'an unquoted attribute': `<svg xmlns="${SVG}" width=10></svg>`,
    'a duplicate attribute': `<svg xmlns="${SVG}" width="1" width="2"></svg>`,
    '"<" in an attribute': `<svg xmlns="${SVG}" id="<script>"></svg>`,
    'text after the root': `${svg('')}<script>alert(1)</script>`,
    'a second root': `${svg('')}${svg('')}`,
    'no element at all': 'just some text',
    'a NUL character': svg('<text>a\u0000b</text>'),
    'a reference to a forbidden character': svg('<text>&#0;</text>'),
    'a bare ampersand': svg('<text>fish & chips</text>'),
    'an unterminated comment': `${svg('')}<!-- never closed`,
    'an unterminated CDATA section': svg('<text><![CDATA[x</text>'),
  };

  for (const [name, attack] of Object.entries(rejected)) {
    it(`rejects: ${name}`, () => {
      expectAppError(() => sanitizeSvg(attack), 'IMAGE_INVALID');
    });
  }

  it('keeps the artwork around the attacks: shapes, fragment references, escaped text', () => {
    const result = sanitizeSvg(attacks['every attack at once, around artwork that stays'] ?? '');
    expect(result.svg).not.toMatch(/stolen|openbadges|file:|data:image\/svg/);
    for (const kept of [
      `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" width="100" height="100">`,
      '<circle cx="50" cy="50" r="40" fill="url(#g)" stroke="#000"/>',
      '<use xlink:href="#g"/>',
      '<text x="1" y="2">Hello &amp; &lt;world&gt;</text>',
      'circle{fill:red}',
    ]) {
      expect(result.svg).toContain(kept);
    }
  });

  it('neutralizes markup in text and CDATA by escaping it, and drops comments', () => {
    const result = sanitizeSvg(
      svg(
        '<text>&lt;script&gt;alert(1)<![CDATA[<script>alert(2)</script>]]></text><!-- <script>x</script> -->',
      ),
    );
    expectClean(result);
    expect(result.svg).toContain(
      '<text>&lt;script&gt;alert(1)&lt;script&gt;alert(2)&lt;/script&gt;</text></svg>',
    );
  });

  it(`rejects nesting deeper than ${MAX_SVG_DEPTH} levels, and accepts it just below`, () => {
    const deep = (levels: number) => svg(`${'<g>'.repeat(levels)}${'</g>'.repeat(levels)}`);
    expectAppError(() => sanitizeSvg(deep(MAX_SVG_DEPTH)), 'IMAGE_INVALID', /deeper/);
    expect(sanitizeSvg(deep(MAX_SVG_DEPTH - 1)).removed).toEqual([]);
  });

  it('fuzz: random mixtures of hostile fragments never produce a dangerous output', () => {
    const fragments = [
      '<script>alert(1)</script>',
      '<g onload="x()">',
      '</g>',
      '<a href="javascript:x()">',
      '</a>',
      '<use href="http://evil.example/#a"/>',
      '<style>.a{fill:url(http://e/x)}@import "x";</style>',
      '<foreignObject><b>x</b></foreignObject>',
      '<rect style="fill:url(//e)" width="1"/>',
      '<![CDATA[<script>]]>',
      '&lt;script&gt;',
      '<!-- x -->',
      '<?pi x?>',
      '<text>t</text>',
      `<x:script xmlns:x="${SVG}">y</x:script>`,
      `<image xlink:href="${PNG_DATA}"/>`,
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let run = 0; run < 300; run++) {
      const parts: string[] = [];
      for (let i = 0; i < 12; i++) {
        parts.push(fragments[next() % fragments.length] ?? '');
      }
      try {
        expectClean(sanitizeSvg(svg(parts.join(''))));
      } catch (error) {
        if (!isAppError(error, 'IMAGE_INVALID')) {
          throw error;
        }
      }
    }
  });
});

describe('sanitizeSvg: ordinary badge artwork survives', () => {
  it('keeps shapes, gradients, text, fragment references, embedded PNGs and safe CSS', () => {
    const source = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: Some Editor -->
<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" version="1.1" width="512" height="512" viewBox="0 0 512 512" xml:space="preserve">
  <title>Intro to Git</title>
  <desc>A blue hexagon &amp; a branch</desc>
  <style type="text/css">
    /* brand colours */
    .st0 { fill: #1a73e8; stroke: url(#edge); stroke-width: 4 }
    .st1:not(.x) > tspan { font-family: 'Open Sans', sans-serif; font-weight: 700 }
  </style>
  <defs>
    <linearGradient id="edge" x1="0" y1="0" x2="1" y2="1" gradientUnits="objectBoundingBox">
      <stop offset="0" stop-color="#fff" stop-opacity="0.8"/>
      <stop offset="1" style="stop-color: rgb(0, 0, 0)"/>
    </linearGradient>
    <filter id="shadow"><feGaussianBlur in="SourceAlpha" stdDeviation="3"/><feOffset dx="2" dy="2" result="o"/><feMerge><feMergeNode in="o"/><feMergeNode in="SourceGraphic"/></feMerge></filter>
    <symbol id="leaf"><path d="M0 0 L10 10 Z"/></symbol>
    <clipPath id="hex"><polygon points="256,16 464,136 464,376 256,496 48,376 48,136"/></clipPath>
  </defs>
  <g clip-path="url(#hex)" filter="url('#shadow')" transform="translate(0, 0) rotate(0)">
    <polygon class="st0" points="256,16 464,136 464,376 256,496 48,376 48,136"/>
    <image x="156" y="156" width="200" height="200" xlink:href="${PNG_DATA}"/>
    <use href="#leaf" x="10" y="10"/>
    <text x="256" y="420" text-anchor="middle" class="st1" font-size="36" fill="#fff"><tspan>Git</tspan></text>
  </g>
</svg>`;
    const result = sanitizeSvg(source);
    expectClean(result);
    expect(result.removed).toEqual([]);
    for (const kept of [
      '<title>Intro to Git</title>',
      '<desc>A blue hexagon &amp; a branch</desc>',
      '.st0{fill:#1a73e8;stroke:url(#edge);stroke-width:4}',
      ".st1:not(.x) &gt; tspan{font-family:'Open Sans', sans-serif;font-weight:700}",
      '<stop offset="1" style="stop-color:rgb(0, 0, 0)"/>',
      'clip-path="url(#hex)"',
      `filter="url('#shadow')"`,
      `xlink:href="${PNG_DATA}"`,
      '<use x="10" y="10" xlink:href="#leaf"/>',
      '<feGaussianBlur in="SourceAlpha" stdDeviation="3"/>',
      'xml:space="preserve"',
      'viewBox="0 0 512 512"',
      '<tspan>Git</tspan>',
    ]) {
      expect(result.svg).toContain(kept);
    }
  });

  it('accepts a prefixed root, a root without a namespace, and a byte order mark', () => {
    const prefixed = sanitizeSvg(`<s:svg xmlns:s="${SVG}"><s:rect width="1"/></s:svg>`);
    expect(prefixed.svg).toBe(`<svg xmlns="${SVG}" xmlns:xlink="${XLINK}"><rect width="1"/></svg>`);
    expect(sanitizeSvg('\uFEFF<svg><circle r="2"/></svg>').svg).toBe(
      `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}"><circle r="2"/></svg>`,
    );
  });

  it('a sanitized SVG that carried a credential bakes again without a conflict, and the new one reads back', () => {
    const baked = svg(
      '<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA[{"id":"urn:uuid:old"}]]></openbadges:credential><rect width="9"/>',
    );
    const credential = JSON.stringify({
      id: 'urn:uuid:new',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
    });
    const rebaked = bakeSvg(sanitizeSvg(baked).svg, credential);
    expect(extractCredential(new TextEncoder().encode(rebaked)).text).toBe(credential);
  });

  it('prefers a plain href over xlink:href, as SVG 2 does', () => {
    const result = sanitizeSvg(svg('<use xlink:href="#a" href="#b"/>'));
    expect(result.svg).toContain('<use xlink:href="#b"/>');
  });

  it('escapes what it writes: quotes and ampersands in attributes, markup characters in text', () => {
    const result = sanitizeSvg(
      svg('<text id="a&quot;b" aria-label="x &amp; &lt;y&gt;">1 &lt; 2 &amp;&amp; 3 &gt; 2</text>'),
    );
    expect(result.svg).toContain('id="a&quot;b"');
    expect(result.svg).toContain('aria-label="x &amp; &lt;y&gt;"');
    expect(result.svg).toContain('1 &lt; 2 &amp;&amp; 3 &gt; 2');
  });
});

describe('svg-css', () => {
  it('isSafeCssValue admits colours, lengths, transforms and #fragment urls only', () => {
    for (const value of [
      '#fff',
      'rgb(1, 2, 3)',
      '12px',
      'url(#a)',
      'url( "#a-1" )',
      'calc((1px + 2px) * 2)',
      "'Open Sans', serif",
      'translate(1 2) rotate(45)',
    ]) {
      expect(isSafeCssValue(value), value).toBe(true);
    }
    for (const value of [
      'url(a.png)',
      'url(#a) url(http://x)',
      'image-set("x.png" 1x)',
      'expression(alert(1))',
      'element(#a)',
      'cross-fade(url(#a), url(x))',
      'src("x")',
      'u\\72l(x)',
      'a;b',
      '{}',
      '@import',
      '"unterminated',
      'javascript:alert(1)',
      'x /* y */',
    ]) {
      expect(isSafeCssValue(value), value).toBe(false);
    }
  });

  it('style attributes keep the allowed declarations', () => {
    expect(sanitizeStyleAttribute('FILL: red; position: fixed; stroke:url(#a) ; --x: url(http://e)')).toEqual(
      {
        css: 'fill:red;stroke:url(#a)',
        removed: ['CSS property "position"', 'CSS property "--x"'],
      },
    );
  });

  it('stylesheets lose at-rules, odd selectors and everything when unreadable', () => {
    expect(sanitizeStylesheet('@media print { .a { fill: red } } .b { fill: blue }').css).toBe(
      '.b{fill:blue}',
    );
    expect(sanitizeStylesheet('.a { fill: red').css).toBe('');
    expect(sanitizeStylesheet('.a { .b { fill: red } }').css).toBe('');
    expect(sanitizeStylesheet('a\\:b { fill: red }').css).toBe('');
    expect(sanitizeStylesheet('<b> { fill: red } .c { fill: blue }').css).toBe('.c{fill:blue}');
  });
});

import fc from 'fast-check';

/** Codes that look like 6 digits to a person but are not ASCII digits, and other near misses. */
export const TRICKY_CODES = [
  '１２３４５６', // fullwidth
  '١٢٣٤٥٦', // Arabic-Indic
  '۱۲۳۴۵۶', // Extended Arabic-Indic
  '१२३४५६', // Devanagari
  '১২৩৪৫৬', // Bengali
  '𝟏𝟐𝟑𝟒𝟓𝟔', // mathematical bold
  '12345６',
  '123 456',
  ' 123456',
  '123456 ',
  '123456\n',
  '123456\u0000',
  '\u200e123456',
  '12345',
  '1234567',
  '-12345',
  '+12345',
  '1e5000',
  '0x1E24',
  '12.345',
  '',
  '000000\u0301',
];

/** Strings chosen to upset parsers, databases and templates. */
export const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '\\',
  '%00',
  '%ff%fe',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e\u202d',
  '🔐🔑',
  'Ω≈ç√∫',
  'ＡＢＣＤＥ',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'a'.repeat(300),
  'A'.repeat(5000),
];

/** Numbers at and past the edges JSON and SQL care about. */
export const EDGE_NUMBERS = [0, -0, -1, 1, 1.5, -1.5, 1e21, -1e21, 1e-7, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, 123456, 100, 101, 25];

/** Any string, from plain ASCII to full Unicode (lone surrogates included). */
export const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...TRICKY_CODES),
);

/** A value of the wrong JSON type (or a right-typed but absurd one). */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.constantFrom(...EDGE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxKeys: 4 }),
  fc.constant({ $ne: null }),
  fc.constant({ $gt: '' }),
  fc.constant(['123456', '654321']),
);

/** A 6-ASCII-digit code that is NOT one of `avoid` (so a fuzz case never signs in by luck). */
export function sixDigits(avoid: ReadonlySet<string>): fc.Arbitrary<string> {
  return fc
    .integer({ min: 0, max: 999_999 })
    .map((n) => String(n).padStart(6, '0'))
    .filter((code) => !avoid.has(code));
}

/** A field of a request body: how to make a plausible value, and how to make a bad one. */
export interface FieldSpec {
  good: fc.Arbitrary<unknown>;
  bad?: fc.Arbitrary<unknown>;
}

/** A JSON value nested `depth` levels deep (arrays or objects). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** How the body goes on the wire. */
export type BodyCase =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: number[] };

function objectBody(fields: Record<string, FieldSpec>): fc.Arbitrary<BodyCase> {
  const names = Object.keys(fields);
  const perField = names.map((name) => {
    const spec = fields[name]!;
    return fc.oneof(
      { weight: 4, arbitrary: spec.good.map((v) => ({ present: true, value: v })) },
      { weight: 2, arbitrary: (spec.bad ?? wrongValue).map((v) => ({ present: true, value: v })) },
      { weight: 1, arbitrary: fc.constant({ present: false, value: undefined as unknown }) },
    );
  });
  const extras = fc.dictionary(
    fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('role', 'isAdmin', 'companyId', 'userId', 'twoFactorEnabled', 'id')),
    wrongValue,
    { maxKeys: 3 },
  );
  return fc.record({ values: fc.tuple(...perField), extras, proto: fc.boolean() }).map(({ values, extras, proto }) => {
    const body: Record<string, unknown> = { ...extras };
    values.forEach((v, i) => {
      if (v.present) body[names[i]!] = v.value;
    });
    if (!proto) return { kind: 'json', value: body } as BodyCase;
    // Prototype-pollution keys must survive serialisation as own properties: build the text by hand.
    const text = JSON.stringify(body).replace(/^\{/, '{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}},');
    return { kind: 'text', text: text.replace(/,\}$/, '}') } as BodyCase;
  });
}

function malformedBody(fields: Record<string, FieldSpec>): fc.Arbitrary<BodyCase> {
  const first = Object.keys(fields)[0] ?? 'code';
  return fc.oneof(
    fc.constant<BodyCase>({ kind: 'none' }),
    fc.constant<BodyCase>({ kind: 'text', text: '' }),
    fc.constant<BodyCase>({ kind: 'text', text: '   ' }),
    fc.constantFrom<BodyCase>(
      { kind: 'text', text: '{' },
      { kind: 'text', text: '{"a":1,}' },
      { kind: 'text', text: "{'code':'123456'}" },
      { kind: 'text', text: `{"${first}":"123456","${first}":{"x":1}}` },
      { kind: 'text', text: `{"${first}":1}{"${first}":2}` },
      { kind: 'text', text: 'null' },
      { kind: 'text', text: 'true' },
      { kind: 'text', text: '"just a string"' },
      { kind: 'text', text: '123456' },
      { kind: 'text', text: '1e999' },
      { kind: 'text', text: '[]' },
      { kind: 'text', text: '\ufeff{}' },
      { kind: 'text', text: deepJson(5_000, 'array') },
      { kind: 'text', text: deepJson(3_000, 'object') },
      { kind: 'text', text: `{"${first}":"${'x'.repeat(70 * 1024)}"}` },
      { kind: 'text', text: `[${Array.from({ length: 12_000 }, () => '0').join(',')}]` },
      { kind: 'text', text: `{${Array.from({ length: 3_000 }, (_, i) => `"k${i}":${i}`).join(',')}}` },
      { kind: 'bytes', bytes: [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d] },
      { kind: 'bytes', bytes: [0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d] },
      { kind: 'bytes', bytes: [0xef, 0xbb, 0xbf, 0x7b, 0x7d] },
      { kind: 'bytes', bytes: [0x00, 0x01, 0x02, 0x03] },
    ),
    fc.string({ unit: 'binary', maxLength: 60 }).map((text): BodyCase => ({ kind: 'text', text })),
    fc.jsonValue({ maxDepth: 3 }).map((value): BodyCase => ({ kind: 'json', value })),
  );
}

/** Bodies for an endpoint that takes the given fields: mostly objects with some bad fields, sometimes garbage. */
export function bodyCases(fields: Record<string, FieldSpec>): fc.Arbitrary<BodyCase> {
  return fc.oneof({ weight: 3, arbitrary: objectBody(fields) }, { weight: 2, arbitrary: malformedBody(fields) });
}

/** Content types the API may be sent: right, almost right, and wrong. */
export const contentTypes = fc.oneof(
  { weight: 4, arbitrary: fc.constant<string | null>('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string | null>(
      null,
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'application/jsonx',
      '*/*',
      '',
      'application/json, text/plain',
    ),
  },
);

/** Authorization header values: none, the right token, and broken ones (Latin-1 only: HTTP headers cannot carry more). */
export function authHeaders(validToken: string | null): fc.Arbitrary<string | null> {
  const junk = fc.oneof(
    fc.constant(null),
    fc.constantFrom('Bearer', 'Bearer ', 'Bearer  ', 'Basic dXNlcjpwYXNz', 'bearer x', 'Token abc', 'Bearer a b', 'Bearer \t'),
    fc.string({ maxLength: 300 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
    fc.constant(`Bearer ${'a'.repeat(4000)}`),
    fc.constant("Bearer ' OR 1=1 --"),
  );
  if (!validToken) return junk;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${validToken}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${validToken}x`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${validToken.slice(0, -1)}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${validToken.toUpperCase()}`) },
    { weight: 2, arbitrary: junk },
  );
}

/** Query strings with wrong types, arrays, repeats, huge and badly encoded values. */
export function queryStrings(names: string[]): fc.Arbitrary<string> {
  const encoded = fc.oneof(
    fc.constantFrom('-1', '0', '101', '1e3', '1.5', 'abc', '', '%ff', '%', '%zz', '999999999999999999999', '%205', '+5', '0x10', 'enabled', 'disabled', 'ENABLED', 'null'),
    anyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
    fc.constant('x'.repeat(3000)),
  );
  const pair = fc.tuple(fc.constantFrom(...names, ...names.map((n) => `${n}[]`), '__proto__[polluted]', 'constructor[prototype][polluted]', 'zzz'), encoded);
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}

/** Path parameters: ids of the wrong shape, encoded nasties, traversal, over-long. */
export const pathParams = fc.oneof(
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', '0', '-1', '%00', '%ff', '%', '..%2f..%2fetc', '..', 'null', 'x'.repeat(65), 'x'.repeat(5000), '%2e%2e'),
  anyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')) || 'x'),
);

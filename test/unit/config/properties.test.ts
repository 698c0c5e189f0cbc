import { describe, expect, it } from 'vitest';
import { parseProperties, stringifyProperties } from '../../../src/config/properties.js';

// Each row: a Java Properties rule, the input text, and the map java.util.Properties.load produces.
const cases: Array<[string, string, Record<string, string>]> = [
  ['equals separator', 'a=b', { a: 'b' }],
  ['colon separator', 'a:b', { a: 'b' }],
  ['whitespace separator', 'a b', { a: 'b' }],
  ['blanks around separator are skipped', 'a \t =  \f b', { a: 'b' }],
  ['whitespace then = is one separator', 'a = = b', { a: '= b' }],
  ['trailing whitespace of value kept', 'a=b  ', { a: 'b  ' }],
  ['key with no value', 'lonely', { lonely: '' }],
  ['key with separator and no value', 'k=', { k: '' }],
  ['leading whitespace of line skipped', '   \t key=v', { key: 'v' }],
  ['# comment', '# a=b\nc=d', { c: 'd' }],
  ['! comment', '! a=b\nc=d', { c: 'd' }],
  ['indented comment', '   # a=b', {}],
  ['# not at line start is value', 'a=b#c', { a: 'b#c' }],
  ['blank lines', '\n\n  \n a=1\n\n', { a: '1' }],
  ['CRLF and CR line ends', 'a=1\r\nb=2\rc=3', { a: '1', b: '2', c: '3' }],
  ['continuation drops leading blanks of next line', 'a=one, \\\n     two', { a: 'one, two' }],
  ['continuation over CRLF', 'a=x\\\r\n  y', { a: 'xy' }],
  ['continued line starting with # is not a comment', 'a=x\\\n#y', { a: 'x#y' }],
  ['even trailing backslashes do not continue', 'a=x\\\\\nb=y', { a: 'x\\', b: 'y' }],
  ['three trailing backslashes continue', 'a=x\\\\\\\ny', { a: 'x\\y' }],
  ['comment line ending in backslash does not continue', '# c \\\na=b', { a: 'b' }],
  ['blank continuation line ends the value', 'a=x\\\n\nb=y', { a: 'x', b: 'y' }],
  ['backslash at end of file dropped', 'a=x\\', { a: 'x' }],
  ['escapes \\t \\n \\r \\f', 'a=1\\t2\\n3\\r4\\f5', { a: '1\t2\n3\r4\f5' }],
  ['unicode escape', 'a=caf\\u00e9 \\u0041', { a: 'café A' }],
  ['unknown escape drops backslash', 'a=\\q\\z', { a: 'qz' }],
  ['escaped separators in key', 'my\\=key\\:x\\ y=v', { 'my=key:x y': 'v' }],
  ['escaped backslash in key', 'c\\\\d=e', { 'c\\d': 'e' }],
  ['windows path value', 'path=C:\\\\dir\\\\file', { path: 'C:\\dir\\file' }],
  ['later duplicate wins', 'a=1\na=2', { a: '2' }],
  ['value may contain = and :', 'url=jdbc:postgresql://h:5432/db?a=b', { url: 'jdbc:postgresql://h:5432/db?a=b' }],
  ['__proto__ is an ordinary key', '__proto__=x', { ['__proto__']: 'x' }],
  ['BOM ignored', '\uFEFFa=b', { a: 'b' }],
];

describe('parseProperties (java.util.Properties rules)', () => {
  it.each(cases)('%s', (_rule, text, expected) => {
    const parsed = parseProperties(text);
    expect(Object.entries(parsed)).toEqual(Object.entries(expected));
  });

  it('rejects a malformed \\u escape', () => {
    expect(() => parseProperties('a=\\u12G4')).toThrow(/Malformed \\uxxxx encoding/);
  });

  it('parses a connect-standalone style file', () => {
    const text = [
      '# Licensed to the Apache Software Foundation',
      'name=local-file-source',
      'connector.class=FileStreamSource',
      'tasks.max=1',
      'file=test.txt',
      'topic=connect-test',
      'transforms=a,\\',
      '           b',
    ].join('\n');
    expect(parseProperties(text)).toEqual({
      name: 'local-file-source',
      'connector.class': 'FileStreamSource',
      'tasks.max': '1',
      file: 'test.txt',
      topic: 'connect-test',
      transforms: 'a,b',
    });
  });
});

describe('stringifyProperties', () => {
  it('escapes keys and values the way Java store() does', () => {
    expect(stringifyProperties({ 'a b=c:d': ' lead  x', t: 'x\ty\nz\\#!', e: 'é' }, { comments: ['hi'] })).toBe(
      '#hi\na\\ b\\=c\\:d=\\ lead  x\nt=x\\ty\\nz\\\\\\#\\!\ne=é\n',
    );
    expect(stringifyProperties({ e: 'é' }, { escapeUnicode: true })).toBe('e=\\u00E9\n');
  });

  it('round-trips awkward maps', () => {
    const map = { ' k ': ' v ', 'x=y': 'a:b', '#c': '!d', 'uni\u0001': 'tab\there', empty: '', 'back\\': 'slash\\' };
    expect(parseProperties(stringifyProperties(map))).toEqual(map);
    expect(parseProperties(stringifyProperties(map, { escapeUnicode: true }))).toEqual(map);
  });
});

import { contentDisposition, sanitizeFileName, unescapeFormFileName } from './file-name';

describe('sanitizeFileName', () => {
  it.each([
    ['a plain name', 'report.pdf', 'report.pdf'],
    ['a path traversal', '../../etc/passwd', 'passwd'],
    ['a Windows path', 'C:\\Users\\eve\\secret.docx', 'secret.docx'],
    ['CR and LF', 'a\r\nb.txt', 'ab.txt'],
    ['NUL and other controls', 'in\u0000voice\u0007.pdf', 'invoice.pdf'],
    ['characters Windows refuses', 'what<>:"|?*.txt', 'what.txt'],
    ['a bidi override that hides the extension', 'photo\u202Egpj.exe', 'photogpj.exe'],
    ['leading and trailing dots and spaces', ' ..hidden. ', 'hidden'],
    ['runs of whitespace', 'quarterly \t  report  final.xlsx', 'quarterly report final.xlsx'],
    ['only dots', '..', 'attachment'],
    ['an empty name', '', 'attachment'],
    ['no name', undefined, 'attachment'],
    ['a trailing slash', 'folder/', 'attachment'],
    ['non-ASCII', 'Účtenka – září.pdf', 'Účtenka – září.pdf'],
  ])('handles %s', (_case, raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('cuts a long name to 200 characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.txt`);
    expect(name).toBe(`${'a'.repeat(196)}.txt`);
    expect(name).toHaveLength(200);
  });

  it('counts characters, not UTF-16 units, and does not split them', () => {
    const name = sanitizeFileName(`${'😀'.repeat(250)}.png`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('😀.png')).toBe(true);
  });

  it('cuts a long name without a usable extension at 200 characters', () => {
    expect(sanitizeFileName('b'.repeat(300))).toBe('b'.repeat(200));
    expect(sanitizeFileName(`${'c'.repeat(250)}.${'x'.repeat(40)}`)).toBe('c'.repeat(200));
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Účet (1).pdf')).toBe(
      `attachment; filename="__et (1).pdf"; filename*=UTF-8''%C3%9A%C4%8Det%20%281%29.pdf`,
    );
  });

  it('can be inline', () => {
    expect(contentDisposition('logo.png', 'inline')).toBe(`inline; filename="logo.png"; filename*=UTF-8''logo.png`);
  });
});

describe('unescapeFormFileName', () => {
  it('turns the escapes browsers use back into CR, LF and quotes, for sanitizing', () => {
    expect(unescapeFormFileName('a%0D%0Ab.txt')).toBe('a\r\nb.txt');
    expect(unescapeFormFileName('say %22hi%22%0a.txt')).toBe('say "hi"\n.txt');
    expect(unescapeFormFileName('100%25 sure.txt')).toBe('100%25 sure.txt');
    expect(sanitizeFileName(unescapeFormFileName('a%0D%0Ab.txt'))).toBe('ab.txt');
  });
});

import { emailPath, isTabRoute, matchRoute, newEmailId, ticketPath } from './routes';

const id = '3f2b8c1e-6a4d-4c2b-9f1e-0a1b2c3d4e5f';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home', path: '/' }],
    ['', { name: 'home', path: '/' }],
    ['/emails/new', { name: 'new-email', path: '/emails/new' }],
    ['/emails/new/', { name: 'new-email', path: '/emails/new' }],
    [`/emails/${id}`, { name: 'email', path: `/emails/${id}`, emailId: id }],
    [`/emails/${id}/`, { name: 'email', path: `/emails/${id}`, emailId: id }],
    [`/tickets/${id}`, { name: 'ticket', path: `/tickets/${id}`, ticketId: id }],
    [`/contacts/${id}/journey`, { name: 'journey', path: `/contacts/${id}/journey`, contactId: id }],
  ])('matches %s', (pathname, route) => {
    expect(matchRoute(pathname)).toEqual(route);
  });

  it('lower-cases ids so one email never gets two tabs', () => {
    expect(matchRoute(`/emails/${id.toUpperCase()}`)).toMatchObject({ emailId: id });
  });

  it.each(['/emails/123', '/emails', '/tickets/not-a-uuid', `/emails/${id}/extra`, `/contacts/${id}`, '/unknown'])(
    'does not match %s',
    (pathname) => {
      expect(matchRoute(pathname).name).toBe('not-found');
    },
  );

  it('builds paths that match back', () => {
    expect(matchRoute(emailPath(id))).toMatchObject({ name: 'email', emailId: id });
    expect(matchRoute(ticketPath(id))).toMatchObject({ name: 'ticket', ticketId: id });
  });

  it('puts emails, tickets and journeys in closable tabs, not home or unknown pages', () => {
    expect(['/', `/emails/${id}`, `/tickets/${id}`, `/contacts/${id}/journey`, '/x'].map((p) => isTabRoute(matchRoute(p)))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('newEmailId', () => {
  it('makes a version 4 UUID that the email route accepts', () => {
    const id = newEmailId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(matchRoute(emailPath(id))).toMatchObject({ name: 'email', emailId: id });
    expect(newEmailId()).not.toBe(id);
  });

  it('sets the version and variant bits whatever the random bytes', () => {
    expect(newEmailId((bytes) => bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newEmailId((bytes) => bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});

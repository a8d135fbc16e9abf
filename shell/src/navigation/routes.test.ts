import { companyPath, contactPath, devMailPath, emailPath, isTabRoute, journeyPath, KB_HOME_PATH, kbArticlePath, matchRoute, ticketPath } from './routes';

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
    ['/crm/', { name: 'crm', path: '/crm' }],
    [`/contacts/${id}/journey`, { name: 'journey', path: `/contacts/${id}/journey`, contactId: id }],
    [`/contacts/${id}`, { name: 'contact', path: `/contacts/${id}`, contactId: id }],
    [`/companies/${id}/`, { name: 'company', path: `/companies/${id}`, companyId: id }],
    ['/dev/mail', { name: 'dev-mail', path: '/dev/mail' }],
    [`/dev/mail/${id}/`, { name: 'dev-mail', path: `/dev/mail/${id}`, messageId: id }],
  ])('matches %s', (pathname, route) => {
    expect(matchRoute(pathname)).toEqual(route);
  });

  it('lower-cases ids so one email never gets two tabs', () => {
    expect(matchRoute(`/emails/${id.toUpperCase()}`)).toMatchObject({ emailId: id });
  });

  it.each(['/emails/123', '/emails', '/tickets/not-a-uuid', `/emails/${id}/extra`, `/contacts/${id}/other`, '/companies/x', '/unknown', '/dev/mail/1', '/dev'])(
    'does not match %s',
    (pathname) => {
      expect(matchRoute(pathname).name).toBe('not-found');
    },
  );

  it('builds paths that match back', () => {
    expect(matchRoute(emailPath(id))).toMatchObject({ name: 'email', emailId: id });
    expect(matchRoute(ticketPath(id))).toMatchObject({ name: 'ticket', ticketId: id });
    expect(matchRoute(devMailPath(id))).toMatchObject({ name: 'dev-mail', messageId: id });
    expect(matchRoute(contactPath(id))).toMatchObject({ name: 'contact', contactId: id });
    expect(matchRoute(companyPath(id))).toMatchObject({ name: 'company', companyId: id });
    expect(matchRoute(journeyPath(id))).toMatchObject({ name: 'journey', contactId: id });
  });

  it('puts emails, tickets, the CRM, journeys, contacts and companies in closable tabs, not home, Sent mail or unknown pages', () => {
    const paths = ['/', `/emails/${id}`, `/tickets/${id}`, '/crm', `/contacts/${id}/journey`, `/contacts/${id}`, `/companies/${id}`, '/dev/mail', '/x'];
    expect(paths.map((p) => isTabRoute(matchRoute(p)))).toEqual([false, true, true, true, true, true, true, false, false]);
  });

  it('puts the Knowledge base and its articles in closable tabs', () => {
    expect([KB_HOME_PATH, kbArticlePath(id)].map((p) => isTabRoute(matchRoute(p)))).toEqual([true, true]);
  });
});

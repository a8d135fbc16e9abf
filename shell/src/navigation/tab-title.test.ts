import { translate } from '../messages';
import { tabTitle } from './tab-title';

const id = '3f2b8c1e-6a4d-4c2b-9f1e-0a1b2c3d4e5f';

describe('tabTitle', () => {
  it('titles email tabs by the subject the email page gave, never by the id', () => {
    expect(tabTitle({ path: `/emails/${id}`, title: 'Refund for order 1042 · #7' }, translate('en'))).toBe('Refund for order 1042 · #7');
    expect(tabTitle({ path: `/emails/${id}` }, translate('en'))).toBe('Email');
    expect(tabTitle({ path: `/emails/${id}` }, translate('cs'))).toBe('E-mail');
  });

  it('keeps the title a widget gave, with a translated fallback', () => {
    expect(tabTitle({ path: `/tickets/${id}`, title: '#1234' }, translate('en'))).toBe('#1234');
    expect(tabTitle({ path: `/tickets/${id}` }, translate('cs'))).toBe('Tiket');
    expect(tabTitle({ path: `/contacts/${id}/journey` }, translate('en'))).toBe('Customer journey');
    expect(tabTitle({ path: `/contacts/${id}`, title: 'Jana Nováková' }, translate('en'))).toBe('Jana Nováková');
    expect(tabTitle({ path: `/contacts/${id}` }, translate('cs'))).toBe('Kontakt');
    expect(tabTitle({ path: `/companies/${id}` }, translate('en'))).toBe('Company');
    expect(tabTitle({ path: '/somewhere' }, translate('en'))).toBe('/somewhere');
  });
});

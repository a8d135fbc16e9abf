import { serviceUrl } from './service-url';

describe('serviceUrl', () => {
  it('keeps the base URL path prefix', () => {
    expect(serviceUrl('http://127.0.0.1:8080/api/tickets', '/tickets/1?x=2').href).toBe('http://127.0.0.1:8080/api/tickets/tickets/1?x=2');
    expect(serviceUrl('http://127.0.0.1:8080/api/tickets/', 'tickets/1').href).toBe('http://127.0.0.1:8080/api/tickets/tickets/1');
  });

  it('joins a bare origin as before', () => {
    expect(serviceUrl('http://tickets:4002', '/tickets/1').href).toBe('http://tickets:4002/tickets/1');
  });
});

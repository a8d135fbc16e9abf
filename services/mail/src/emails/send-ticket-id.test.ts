import { sendTicketId } from './send-ticket-id';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sendTicketId', () => {
  it('is a version 5 UUID, the same for every attempt of one email', () => {
    const id = sendTicketId('0b8e1f6e-3f57-4c2a-9d55-2c1b8a7e6f10');
    expect(id).toMatch(UUID_V5);
    expect(sendTicketId('0b8e1f6e-3f57-4c2a-9d55-2c1b8a7e6f10')).toBe(id);
  });

  it('differs between emails', () => {
    expect(sendTicketId('0b8e1f6e-3f57-4c2a-9d55-2c1b8a7e6f10')).not.toBe(sendTicketId('0b8e1f6e-3f57-4c2a-9d55-2c1b8a7e6f11'));
  });
});

import { addressProblem, assertSendableRecipients } from './recipients';

describe('addressProblem', () => {
  it.each([
    [{ address: 'jana@customer.example' }, null],
    [{ address: 'jana.novakova+tickets@mail.customer.example', name: 'Jana Nováková' }, null],
    [{ address: 'jana@customer.example\r' }, 'contains a line break'],
    [{ address: 'jana@customer.example', name: 'Jana\nBcc: x@evil.test' }, 'contains a line break'],
    [{ address: 'jana@' }, 'is not an email address'],
    [{ address: 'jana customer.example' }, 'is not an email address'],
    [{ address: `${'a'.repeat(250)}@b.cz` }, 'is not an email address'],
    [{ address: 'a@b.cz', name: 'n'.repeat(201) }, 'has a display name over 200 characters'],
  ])('%j -> %j', (address, problem) => {
    expect(addressProblem(address)).toBe(problem);
  });
});

describe('assertSendableRecipients', () => {
  it('names the first bad recipient', () => {
    const call = () =>
      assertSendableRecipients({ to: [{ address: 'a@b.cz' }], cc: [], bcc: [{ address: 'ok@b.cz' }, { address: 'x\n@b.cz' }] });
    expect(call).toThrow('Recipient bcc[1] contains a line break');
    expect(() => assertSendableRecipients({ to: [{ address: 'a@b.cz' }], cc: [], bcc: [] })).not.toThrow();
  });
});

import { forwardHtml, forwardSubject, prefillFrom, quoteHtml, replyRecipients, replySubject, threading, type OriginalEmail } from './prefill';

const original: OriginalEmail = {
  direction: 'inbound',
  from: { address: 'jana@customer.example', name: 'Jana <Nováková>' },
  to: [{ address: 'support@mail.test' }, { address: 'petr@customer.example' }],
  cc: [{ address: 'Support@Mail.test' }, { address: 'JANA@customer.example' }, { address: 'eva@customer.example', name: 'Eva' }],
  subject: 'Refund',
  html: '<p>Where is my refund?</p>',
  date: new Date('2025-03-04T10:15:30Z'),
  messageId: '<b@customer.example>',
  references: '<a@customer.example>',
};
const own = new Set(['support@mail.test']);

describe('replySubject / forwardSubject', () => {
  it.each([
    ['Refund', 'Re: Refund'],
    ['Re: Refund', 'Re: Refund'],
    ['Re: Re: Refund', 'Re: Refund'],
    ['RE: re:Refund', 'Re: Refund'],
    ['AW: Re[2]: Refund', 'Re: Refund'],
    ['Fwd: Refund', 'Re: Fwd: Refund'],
    ['Re: [#1234] Refund', 'Re: [#1234] Refund'],
    ['', 'Re: '],
    ['Regarding refunds', 'Re: Regarding refunds'],
  ])('reply to %j is %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });

  it.each([
    ['Refund', 'Fwd: Refund'],
    ['Fwd: Refund', 'Fwd: Refund'],
    ['FW: fwd: Refund', 'Fwd: Refund'],
    ['Re: Refund', 'Fwd: Re: Refund'],
  ])('forward of %j is %j', (subject, expected) => {
    expect(forwardSubject(subject)).toBe(expected);
  });
});

describe('replyRecipients', () => {
  it('answers the sender of an inbound email', () => {
    expect(replyRecipients(original, 'reply', own)).toEqual({ to: [original.from], cc: [] });
  });

  it('adds the other To and Cc on reply-all, without our queues and duplicates', () => {
    expect(replyRecipients(original, 'replyAll', own)).toEqual({
      to: [original.from, { address: 'petr@customer.example' }],
      cc: [{ address: 'eva@customer.example', name: 'Eva' }],
    });
  });

  it('writes to the recipients of an email we sent', () => {
    const sent: OriginalEmail = { ...original, direction: 'outbound', from: { address: 'support@mail.test' } };
    expect(replyRecipients(sent, 'reply', own)).toEqual({ to: [{ address: 'petr@customer.example' }], cc: [] });
  });
});

describe('quote and forward bodies', () => {
  it('quotes with an escaped attribution line', () => {
    expect(quoteHtml(original)).toBe(
      '<p></p><p>On Tue, 04 Mar 2025 10:15 UTC, Jana &lt;Nováková&gt; wrote:</p><blockquote><p>Where is my refund?</p></blockquote>',
    );
  });

  it('puts a Forwarded message header block above the original', () => {
    const html = forwardHtml(original);
    expect(html).toContain('---------- Forwarded message ----------<br />From: Jana &lt;Nováková&gt; &lt;jana@customer.example&gt;');
    expect(html).toContain('Date: Tue, 04 Mar 2025 10:15 UTC<br />Subject: Refund<br />To: support@mail.test, petr@customer.example<br />Cc: ');
    expect(html.endsWith('<div><p>Where is my refund?</p></div>')).toBe(true);
  });

  it('sanitizes what it quotes', () => {
    expect(quoteHtml({ ...original, html: '<img src=x onerror=alert(1)><script>x</script>' })).not.toMatch(/onerror|script/);
  });
});

describe('threading', () => {
  it('chains References and answers the Message-ID', () => {
    expect(threading(original)).toEqual({ inReplyTo: '<b@customer.example>', references: '<a@customer.example> <b@customer.example>' });
    expect(threading({ ...original, references: null })).toEqual({ inReplyTo: '<b@customer.example>', references: '<b@customer.example>' });
    expect(threading({ ...original, messageId: null, references: null })).toEqual({ inReplyTo: null, references: null });
  });

  it('is part of every prefill, forwards included', () => {
    expect(prefillFrom(original, 'forward', own)).toMatchObject({ to: [], cc: [], inReplyTo: '<b@customer.example>' });
  });
});

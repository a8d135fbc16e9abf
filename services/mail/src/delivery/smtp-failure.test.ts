import { classifySendError } from './smtp-failure';

const smtpError = (responseCode: number, response: string, code = 'EENVELOPE') =>
  Object.assign(new Error('Message failed'), { code, responseCode, response });

describe('classifySendError', () => {
  it.each([
    [421, true],
    [450, true],
    [451, true],
    [452, true],
    [503, true],
    [550, false],
    [552, false],
    [554, false],
  ])('treats SMTP %i as retryable=%s', (code, retryable) => {
    expect(classifySendError(smtpError(code, `${code} 4.0.0 text`))).toEqual({ code, retryable, reason: `${code} 4.0.0 text` });
  });

  it('keeps the server text as the reason', () => {
    const failure = classifySendError(smtpError(550, '550 5.1.1 <jana@example.test>: No such user'));
    expect(failure).toEqual({ code: 550, retryable: false, reason: '550 5.1.1 <jana@example.test>: No such user' });
  });

  it.each(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'EDNS'])('retries the network error %s', (code) => {
    expect(classifySendError(Object.assign(new Error(`connect ${code}`), { code }))).toEqual({
      code: null,
      retryable: true,
      reason: `connect ${code}`,
    });
  });

  it('fails local errors no retry can fix, and retries unknown ones', () => {
    expect(classifySendError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })).retryable).toBe(false);
    expect(classifySendError(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })).retryable).toBe(false);
    expect(classifySendError(new Error('something odd'))).toEqual({ code: null, retryable: true, reason: 'something odd' });
    expect(classifySendError('plain string').reason).toBe('plain string');
  });
});

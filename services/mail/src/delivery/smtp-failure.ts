/** Why a send attempt failed, and whether trying again can help. */
export interface SendFailure {
  /** The SMTP server's reply when there was one (e.g. `550 5.1.1 No such user`), else the error message. */
  reason: string;
  /** The SMTP reply code, or null for network and local errors. */
  code: number | null;
  /** False for a permanent rejection: the same message would be refused again. */
  retryable: boolean;
}

/** The fields nodemailer sets on its errors. */
interface SmtpErrorFields {
  message?: unknown;
  code?: unknown;
  response?: unknown;
  responseCode?: unknown;
}

/** Local errors that no retry can fix: the message cannot be built or has no valid envelope. */
const PERMANENT_LOCAL_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'ENOENT']);

/**
 * Sorts a failed attempt. SMTP replies follow RFC 5321: 4xx is transient, 5xx permanent
 * (except 503, a bad command sequence that a new connection fixes). Network errors
 * (ECONNREFUSED, ETIMEDOUT, ECONNECTION, ESOCKET, ...) and anything unknown are retried;
 * the last attempt records them as the failure.
 */
export function classifySendError(error: unknown): SendFailure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? error : {};
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const code = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const response = typeof fields.response === 'string' && fields.response.trim() !== '' ? fields.response.trim() : null;
  const reason = (response ?? message).slice(0, 1000);
  if (code !== null) return { reason, code, retryable: !(code >= 500 && code < 600 && code !== 503) };
  const retryable = !(typeof fields.code === 'string' && PERMANENT_LOCAL_CODES.has(fields.code));
  return { reason, code: null, retryable };
}

import { ErrorBodySchema, errorResponses } from '@switchboard/contracts';

/** The usual error answers plus 413 (attachments too large) and 503 (tickets unavailable). */
export const mailErrorResponses = { ...errorResponses, 413: ErrorBodySchema, 503: ErrorBodySchema } as const;

/** The inbound size limit (issue 13): a raw message over 25 MB is refused, whatever its parts. */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;

/** The refusal reason of a message over the limit, as the sender reads it. */
export const TOO_LARGE_REASON = `message exceeds the ${INBOUND_MAX_BYTES / 1024 / 1024} MB limit`;

/**
 * Follows message boundaries in the backend's output for one batch and remembers the last
 * message, so the server knows whether the batch ended with ReadyForQuery (the backend is idle,
 * in a transaction block, or in a failed one) or left the client mid-cycle (after a Flush, or
 * during COPY).
 */
export class ReadyForQueryTracker {
  private header = Buffer.alloc(5);
  private headerFilled = 0;
  /** Bytes of the current message's body still to come. */
  private bodyLeft = 0;
  private lastType = '';
  private lastStatus = '';

  /** Feeds output bytes in the order the backend produced them. */
  feed(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLeft > 0) {
        const step = Math.min(this.bodyLeft, chunk.length - offset);
        // ReadyForQuery's body is one byte: the transaction status.
        if (this.lastType === 'Z') this.lastStatus = String.fromCharCode(chunk[offset + step - 1]);
        this.bodyLeft -= step;
        offset += step;
        continue;
      }
      const step = Math.min(5 - this.headerFilled, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + step), this.headerFilled);
      this.headerFilled += step;
      offset += step;
      if (this.headerFilled === 5) {
        this.lastType = String.fromCharCode(this.header[0]);
        this.lastStatus = '';
        this.bodyLeft = this.header.readInt32BE(1) - 4;
        this.headerFilled = 0;
      }
    }
  }

  /** Transaction status of a final ReadyForQuery ('I' idle, 'T' in a block, 'E' failed block), else undefined. */
  readyStatus(): string | undefined {
    return this.lastType === 'Z' && this.bodyLeft === 0 && this.headerFilled === 0 ? this.lastStatus : undefined;
  }
}

/** A FATAL ErrorResponse, e.g. when the server refuses a connection. */
export function fatalErrorMessage(sqlState: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlState}\0M${message}\0\0`, 'utf8');
  const bytes = Buffer.alloc(5 + fields.length);
  bytes.write('E', 0, 'latin1');
  bytes.writeInt32BE(4 + fields.length, 1);
  fields.copy(bytes, 5);
  return bytes;
}

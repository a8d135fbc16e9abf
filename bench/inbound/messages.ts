// The inbound benches' messages (bench/inbound/run.ts and floor.ts send the same ones).
import { randomUUID } from 'node:crypto';
import { rawMessage } from '../../services/mail/src/inbound/inbound-test-kit';
import { QUEUE_ADDRESS } from './sender';

/** `count` messages of customers: the first half start conversations, the second half reply (References) to them, in order. */
export function messages(count: number): string[] {
  const half = Math.ceil(count / 2);
  const ids = Array.from({ length: count }, () => `<${randomUUID()}@customer.test>`);
  return ids.map((messageId, i) => {
    const parent = i >= half ? i - half : -1;
    return rawMessage({
      to: QUEUE_ADDRESS,
      subject: parent >= 0 ? `Re: Printer ${parent}` : `Printer ${i}`,
      messageId,
      body: `Dobrý den, the printer on floor ${i % 7} is jammed again.\r\nRegards, Jana`,
      headers: parent >= 0 ? [`In-Reply-To: ${ids[parent]}`, `References: ${ids[parent]}`] : [],
    });
  });
}

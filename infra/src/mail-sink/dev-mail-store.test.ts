import { simpleParser } from 'mailparser';
import { DevMailStore, toStoredMessage } from './dev-mail-store';

const raw = (subject: string) =>
  Buffer.from(
    [
      'From: "Desk" <desk@demo.test>',
      'To: Team: a@demo.test, "B" <b@demo.test>;',
      `Subject: ${subject}`,
      'Message-ID: <m1@demo.test>',
      'References: <r1@demo.test>',
      '  <r2@demo.test>',
      'X-Secret-Header: not shown',
      '',
      'Body',
      '',
    ].join('\r\n'),
  );

async function stored(subject: string) {
  return toStoredMessage(await simpleParser(raw(subject)), raw(subject), { from: 'desk@demo.test', to: ['a@demo.test'] });
}

describe('toStoredMessage', () => {
  it('lists group members as recipients, unfolds headers of interest and leaves the others out', async () => {
    const { message } = await stored('Hi');
    expect(message.to).toEqual([
      { address: 'a@demo.test', name: '' },
      { address: 'b@demo.test', name: 'B' },
    ]);
    expect(message.headers).toEqual({ references: '<r1@demo.test> <r2@demo.test>' });
    expect(message).toMatchObject({ subject: 'Hi', messageId: '<m1@demo.test>', html: null, text: 'Body\n', cc: [], attachments: [] });
  });
});

describe('DevMailStore', () => {
  it('keeps the newest messages up to its capacity', async () => {
    const store = new DevMailStore(2);
    for (const subject of ['one', 'two', 'three']) store.add(await stored(subject));
    expect(store.list().map((m) => m.subject)).toEqual(['three', 'two']);
    const [newest] = store.list();
    expect(store.get(newest.id)?.message.subject).toBe('three');
    expect(store.list()[0]).not.toHaveProperty('html');
    store.clear();
    expect(store.list()).toEqual([]);
  });
});

import {
  MailErrorCode,
  type Attachment,
  type Email,
  type EmailSummary,
  type MailQueue,
  type PatchDraftBody,
  type RecipientSuggestions,
  type SendSettings,
  type TicketAttachment,
} from '@switchboard/contracts';

/** A request the fake service received. */
export interface RecordedRequest {
  method: string;
  url: URL;
  /** Parsed JSON body, if any. */
  body: unknown;
  /** The raw body text, to check what went over the wire. */
  rawBody: string;
  authorization: string | null;
  keepalive: boolean;
  signal: AbortSignal | null;
}

/** A status and a JSON body (none for 204). */
export interface FakeResponse {
  status: number;
  body?: unknown;
}

export const USER_ID = '00000000-0000-4000-8000-000000000001';
export const EMAIL_ID = '11111111-1111-4111-8111-111111111111';
export const QUEUE_SUPPORT: MailQueue = { id: '22222222-2222-4222-8222-222222222221', name: 'Support', fromAddress: 'support@acme.test' };
export const QUEUE_SALES: MailQueue = { id: '22222222-2222-4222-8222-222222222222', name: 'Sales', fromAddress: 'sales@acme.test' };
export const TICKET = { id: '33333333-3333-4333-8333-333333333333', number: 1042, title: 'Refund for order 7781' };
export const CONTACT_ID = '44444444-4444-4444-8444-444444444444';

let counter = 0;

/** A fresh uuid-shaped id for the fake. */
export function fakeId(): string {
  counter += 1;
  return `99999999-9999-4999-8999-${String(counter).padStart(12, '0')}`;
}

/** A draft with sensible defaults. */
export function draft(patch: Partial<Email> = {}): Email {
  return {
    id: EMAIL_ID,
    version: 1,
    direction: 'outbound',
    status: 'draft',
    queueId: null,
    ticket: null,
    contactId: null,
    from: null,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    html: '',
    important: false,
    postponed: false,
    replyTo: null,
    attachments: [],
    attachmentBytes: 0,
    messageId: null,
    sentAt: null,
    smtpResponse: null,
    failure: null,
    releaseAt: null,
    heldAt: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...patch,
  };
}

/** An attachment of the email. */
export function attachment(patch: Partial<Attachment> = {}): Attachment {
  return {
    id: fakeId(),
    fileName: 'report.pdf',
    contentType: 'application/pdf',
    size: 1024,
    inline: false,
    contentId: null,
    sha256: 'ab'.repeat(32),
    ...patch,
  };
}

const threadEvent = (items: EmailSummary[]) => new TextEncoder().encode(`event: thread\ndata: ${JSON.stringify({ items })}\n\n`);

/** Answers a request itself, or leaves it to the fake's routes (undefined). */
export type Interceptor = (request: RecordedRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

/**
 * The mail service in memory, over `fetch`: emails with versions (a stale PATCH gets 409 with the
 * server copy), queues, suggestions, the ticket's files and thread, the agent's send settings.
 * `intercept` answers first.
 */
export class FakeMail {
  readonly requests: RecordedRequest[] = [];
  readonly emails = new Map<string, Email>();
  queues: MailQueue[] = [QUEUE_SUPPORT, QUEUE_SALES];
  suggestions: RecipientSuggestions['items'] = [
    { address: 'jana@customer.test', name: 'Jana Nováková', reason: 'contact' },
    { address: 'petr@customer.test', reason: 'correspondent' },
  ];
  ticketAttachments: TicketAttachment[] = [];
  ticketEmails: EmailSummary[] = [];
  intercept?: Interceptor;
  /** Whether GET /tickets/:ticketId/emails/changes streams the thread (`pushThread` sends it again); else 404. */
  liveThread = false;
  private readonly threadStreams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  /** The agent's undo window in seconds (E14): a send is released this long after it is made. */
  undoSendSeconds = 10;
  /** The clock of updatedAt values; tests move it. */
  now = new Date('2026-03-02T10:15:30.000Z');

  constructor(...emails: Email[]) {
    for (const email of emails) this.emails.set(email.id, email);
  }

  /** The fetch function to hand to HttpMailApi. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const rawBody = typeof init?.body === 'string' ? init.body : '';
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      body: rawBody ? JSON.parse(rawBody) : undefined,
      rawBody,
      authorization: new Headers(init?.headers).get('authorization'),
      keepalive: init?.keepalive === true,
      signal: init?.signal ?? null,
    };
    this.requests.push(request);
    if (this.liveThread && request.method === 'GET' && /\/tickets\/[^/]+\/emails\/changes$/.test(request.url.pathname)) return this.threadStream(init?.signal);
    const { status, body } = (await this.intercept?.(request)) ?? this.route(request);
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  /** Sets the ticket's thread and sends it to every open thread stream, as mail does after a change. */
  pushThread(items: EmailSummary[]): void {
    this.ticketEmails = items;
    for (const controller of this.threadStreams) controller.enqueue(threadEvent(items));
  }

  /** An open thread stream: the current thread first, then each `pushThread`, until the request is aborted. */
  private threadStream(signal?: AbortSignal | null): Response {
    const streams = this.threadStreams;
    let opened: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        opened = controller;
        streams.add(controller);
        controller.enqueue(threadEvent(this.ticketEmails));
      },
    });
    signal?.addEventListener('abort', () => {
      streams.delete(opened);
      opened.close();
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }

  /** Requests of one method whose path ends with `suffix`. */
  calls(method: string, suffix = ''): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.url.pathname.endsWith(suffix));
  }

  /** The stored copy of an email. */
  email(id = EMAIL_ID): Email {
    const email = this.emails.get(id);
    if (!email) throw new Error(`no email ${id}`);
    return email;
  }

  /** Changes an email as another tab would: new version, new updatedAt. */
  changeElsewhere(patch: Partial<Email>, id = EMAIL_ID): Email {
    const email = this.email(id);
    const next = { ...email, ...patch, version: email.version + 1, updatedAt: this.tick() };
    this.emails.set(id, next);
    return next;
  }

  private tick(): string {
    this.now = new Date(this.now.getTime() + 1000);
    return this.now.toISOString();
  }

  private route(request: RecordedRequest): FakeResponse {
    const path = request.url.pathname.replace(/^\/api\/mail/, '');
    const notFound = { status: 404, body: { code: MailErrorCode.emailNotFound, message: 'Email not found' } };
    if (request.method === 'GET' && path === '/queues') return { status: 200, body: { items: this.queues } };
    if (request.method === 'GET' && path === '/settings/send') return { status: 200, body: { undoSendSeconds: this.undoSendSeconds } };
    if (request.method === 'PUT' && path === '/settings/send') {
      this.undoSendSeconds = (request.body as SendSettings).undoSendSeconds;
      return { status: 200, body: { undoSendSeconds: this.undoSendSeconds } };
    }
    if (request.method === 'POST' && path === '/drafts') {
      const email = draft({ id: fakeId(), version: 1, updatedAt: this.tick() });
      this.emails.set(email.id, email);
      return { status: 201, body: email };
    }
    if (/^\/tickets\/[^/]+\/attachments$/.test(path)) return { status: 200, body: { items: this.ticketAttachments } };
    if (/^\/tickets\/[^/]+\/emails$/.test(path)) return { status: 200, body: { items: this.ticketEmails } };
    const match = /^\/emails\/([^/]+)(\/.*)?$/.exec(path);
    if (match) {
      const email = this.emails.get(match[1]);
      if (!email) return notFound;
      return this.emailRoute(request, email, match[2] ?? '');
    }
    return { status: 404, body: { code: 'NOT_FOUND', message: `No route ${request.method} ${path}` } };
  }

  private emailRoute(request: RecordedRequest, email: Email, rest: string): FakeResponse {
    const conflict = { status: 409, body: { code: MailErrorCode.versionConflict, message: 'The draft changed', details: { current: email } } };
    if (request.method === 'GET' && rest === '') return { status: 200, body: email };
    if (request.method === 'GET' && rest === '/suggestions') return { status: 200, body: { items: this.suggestions } };
    if (request.method === 'DELETE' && rest === '') {
      this.emails.delete(email.id);
      return { status: 204 };
    }
    if (request.method === 'PATCH' && rest === '') {
      const { version, ...fields } = request.body as PatchDraftBody;
      if (version !== email.version) return conflict;
      const next = { ...email, ...fields, version: email.version + 1, updatedAt: this.tick() } as Email;
      this.emails.set(email.id, next);
      return { status: 200, body: next };
    }
    if (request.method === 'POST' && rest === '/send') {
      const { version, sendAt } = request.body as { version: number; sendAt?: string };
      if (version !== email.version) return conflict;
      const releaseAt = sendAt ?? new Date(this.now.getTime() + this.undoSendSeconds * 1000).toISOString();
      const updatedAt = this.tick();
      const status = sendAt ? 'scheduled' : 'queued';
      const next: Email = { ...email, status, postponed: Boolean(sendAt), releaseAt, heldAt: null, version: email.version + 1, updatedAt };
      this.emails.set(email.id, next);
      return { status: 202, body: next };
    }
    if (request.method === 'POST' && rest === '/unsend') {
      if (email.status !== 'queued' && email.status !== 'scheduled') return { status: 409, body: { code: MailErrorCode.sendNotHeld, message: 'Not waiting' } };
      const next: Email = { ...email, status: 'draft', postponed: false, releaseAt: null, version: email.version + 1, updatedAt: this.tick() };
      this.emails.set(email.id, next);
      return { status: 200, body: next };
    }
    if (request.method === 'POST' && rest === '/schedule') {
      const { version, sendAt } = request.body as { version: number; sendAt: string };
      if (email.status !== 'scheduled') return { status: 409, body: { code: MailErrorCode.sendNotHeld, message: 'Not waiting' } };
      if (version !== email.version) return conflict;
      const next: Email = { ...email, releaseAt: sendAt, version: email.version + 1, updatedAt: this.tick() };
      this.emails.set(email.id, next);
      return { status: 200, body: next };
    }
    if (request.method === 'POST' && rest === '/attachments/from-ticket') {
      const ids = (request.body as { attachmentIds: string[] }).attachmentIds;
      const added = this.ticketAttachments.filter((item) => ids.includes(item.id)).map((item) => attachment({ fileName: item.fileName, size: item.size }));
      this.emails.set(email.id, { ...email, attachments: [...email.attachments, ...added], version: email.version + 1 });
      return { status: 201, body: { items: added } };
    }
    const removal = /^\/attachments\/([^/]+)$/.exec(rest);
    if (request.method === 'DELETE' && removal) {
      this.emails.set(email.id, { ...email, attachments: email.attachments.filter((a) => a.id !== removal[1]), version: email.version + 1 });
      return { status: 204 };
    }
    return { status: 404, body: { code: 'NOT_FOUND', message: `No route ${request.method} ${rest}` } };
  }
}

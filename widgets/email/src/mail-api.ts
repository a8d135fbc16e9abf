import type {
  AddTicketAttachmentsBody,
  Attachment,
  AttachmentList,
  CreateDraftBody,
  Email,
  EmailList,
  HostApi,
  MailQueueList,
  PatchDraftBody,
  RecipientSuggestions,
  TicketAttachmentList,
} from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';

/** Progress and cancellation of one upload. */
export interface UploadOptions {
  /** An inline image of the body (referenced as `cid:`), not a listed attachment. */
  inline?: boolean;
  /** Called as bytes go out. */
  onProgress?(loaded: number, total: number): void;
  signal?: AbortSignal;
}

/** The calls the Email widget makes to the mail service. */
export interface MailApi {
  /** `GET /emails/:id`. */
  getEmail(id: string, signal?: AbortSignal): Promise<Email>;
  /** `POST /drafts` (N1, N3). */
  createDraft(body: CreateDraftBody): Promise<Email>;
  /** `PATCH /emails/:id`: autosave (E5); `keepalive` lets it outlive the page. */
  patchDraft(id: string, body: PatchDraftBody, options?: { keepalive?: boolean }): Promise<Email>;
  /** `DELETE /emails/:id`: discard (E6). */
  deleteEmail(id: string): Promise<void>;
  /** `POST /emails/:id/send` (E7). */
  sendEmail(id: string, version: number): Promise<Email>;
  /** `GET /queues`: the agent's queues (E2). */
  listQueues(signal?: AbortSignal): Promise<MailQueueList>;
  /** `GET /emails/:id/suggestions` (E3). */
  getSuggestions(id: string, signal?: AbortSignal): Promise<RecipientSuggestions>;
  /** `POST /emails/:id/attachments`: one multipart `file` (E11, inline images of E9). */
  uploadAttachment(id: string, file: File, options?: UploadOptions): Promise<Attachment>;
  /** `DELETE /emails/:id/attachments/:attachmentId`. */
  removeAttachment(id: string, attachmentId: string): Promise<void>;
  /** `GET /emails/:id/attachments/:attachmentId/content`: the bytes. */
  attachmentContent(id: string, attachmentId: string, signal?: AbortSignal): Promise<Blob>;
  /** `GET /tickets/:ticketId/attachments`: files of the ticket's emails (E11). */
  listTicketAttachments(ticketId: string, signal?: AbortSignal): Promise<TicketAttachmentList>;
  /** `POST /emails/:id/attachments/from-ticket`. */
  addTicketAttachments(id: string, body: AddTicketAttachmentsBody): Promise<AttachmentList>;
  /** `GET /tickets/:ticketId/emails`: the ticket's thread (N3). */
  listTicketEmails(ticketId: string, signal?: AbortSignal): Promise<EmailList>;
}

/** Largest body a `keepalive` request may carry (browsers allow 64 KiB in flight). */
const KEEPALIVE_LIMIT = 60_000;

const id = encodeURIComponent;

/** The mail service over HTTP, with a token for the `mail` audience on every call. */
export class HttpMailApi implements MailApi {
  private readonly client: ServiceClient;
  private readonly keepaliveClient: ServiceClient;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly host: Pick<HostApi, 'serviceUrl' | 'getToken'>,
    fetchImpl?: typeof fetch,
    private readonly createXhr: () => XMLHttpRequest = () => new XMLHttpRequest(),
  ) {
    this.fetchImpl = fetchImpl ?? ((...args) => fetch(...args));
    this.client = new ServiceClient(host, this.fetchImpl);
    this.keepaliveClient = new ServiceClient(host, (input, init) => this.fetchImpl(input, { ...init, keepalive: true }));
  }

  getEmail(emailId: string, signal?: AbortSignal): Promise<Email> {
    return this.client.request<Email>(`/emails/${id(emailId)}`, { signal });
  }

  createDraft(body: CreateDraftBody): Promise<Email> {
    return this.client.request<Email>('/drafts', { method: 'POST', body });
  }

  patchDraft(emailId: string, body: PatchDraftBody, options: { keepalive?: boolean } = {}): Promise<Email> {
    const keepalive = options.keepalive && JSON.stringify(body).length < KEEPALIVE_LIMIT;
    return (keepalive ? this.keepaliveClient : this.client).request<Email>(`/emails/${id(emailId)}`, { method: 'PATCH', body });
  }

  deleteEmail(emailId: string): Promise<void> {
    return this.client.request<void>(`/emails/${id(emailId)}`, { method: 'DELETE' });
  }

  sendEmail(emailId: string, version: number): Promise<Email> {
    return this.client.request<Email>(`/emails/${id(emailId)}/send`, { method: 'POST', body: { version } });
  }

  listQueues(signal?: AbortSignal): Promise<MailQueueList> {
    return this.client.request<MailQueueList>('/queues', { signal });
  }

  getSuggestions(emailId: string, signal?: AbortSignal): Promise<RecipientSuggestions> {
    return this.client.request<RecipientSuggestions>(`/emails/${id(emailId)}/suggestions`, { signal });
  }

  removeAttachment(emailId: string, attachmentId: string): Promise<void> {
    return this.client.request<void>(`/emails/${id(emailId)}/attachments/${id(attachmentId)}`, { method: 'DELETE' });
  }

  listTicketAttachments(ticketId: string, signal?: AbortSignal): Promise<TicketAttachmentList> {
    return this.client.request<TicketAttachmentList>(`/tickets/${id(ticketId)}/attachments`, { signal });
  }

  addTicketAttachments(emailId: string, body: AddTicketAttachmentsBody): Promise<AttachmentList> {
    return this.client.request<AttachmentList>(`/emails/${id(emailId)}/attachments/from-ticket`, { method: 'POST', body });
  }

  listTicketEmails(ticketId: string, signal?: AbortSignal): Promise<EmailList> {
    return this.client.request<EmailList>(`/tickets/${id(ticketId)}/emails`, { signal });
  }

  async attachmentContent(emailId: string, attachmentId: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.fetchImpl(this.url(`/emails/${id(emailId)}/attachments/${id(attachmentId)}/content`), {
      headers: { authorization: `Bearer ${await this.host.getToken()}` },
      signal,
    });
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  async uploadAttachment(emailId: string, file: File, options: UploadOptions = {}): Promise<Attachment> {
    const url = this.url(`/emails/${id(emailId)}/attachments`);
    if (options.inline) url.searchParams.set('inline', 'true');
    const token = await this.host.getToken();
    const form = new FormData();
    form.append('file', file, file.name);
    return new Promise<Attachment>((resolve, reject) => {
      const xhr = this.createXhr();
      xhr.open('POST', url.href);
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
      });
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as Attachment);
        else reject(xhrError(xhr));
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK_ERROR', 'The upload did not reach the server')));
      xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
      options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  }

  private url(path: string): URL {
    return new URL(`${this.host.serviceUrl}${path}`, globalThis.location?.href ?? 'http://localhost');
  }
}

type ErrorFields = { code?: string; message?: string; details?: unknown } | null;

function xhrError(xhr: XMLHttpRequest): ApiError {
  let body: ErrorFields;
  try {
    body = JSON.parse(xhr.responseText) as ErrorFields;
  } catch {
    body = null;
  }
  return new ApiError(xhr.status, body?.code ?? `HTTP_${xhr.status}`, body?.message ?? xhr.statusText, body?.details);
}

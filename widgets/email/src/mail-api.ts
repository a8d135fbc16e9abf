import {
  MailErrorCode,
  mailApi,
  type AddTicketAttachmentsBody,
  type Attachment,
  type AttachmentList,
  type CreateDraftBody,
  type Email,
  type EmailList,
  type EmailMacroRun,
  type HostApi,
  type MacroList,
  type MailQueueList,
  type PatchDraftBody,
  type RecipientSuggestions,
  type RemoteImages,
  type SendSettings,
  type TicketAttachmentList,
} from '@switchboard/contracts';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { deviceId } from './sync/device-id';
import { DraftStream, type DraftStreamHandlers } from './sync/draft-stream';
import { ThreadStream, type ThreadStreamHandlers } from './sync/thread-stream';

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
  /**
   * `POST /emails/:id/send` (E7); with `macroId` the macro runs after delivery (E13); with `sendAt`
   * (ISO time) it is scheduled (E15), else it waits out the agent's undo window (E14).
   */
  sendEmail(id: string, version: number, macroId?: string, sendAt?: string): Promise<Email>;
  /** `POST /emails/:id/unsend`: Undo send or cancel a scheduled send; answers the draft (E14, E15). */
  unsendEmail(id: string): Promise<Email>;
  /** `POST /emails/:id/schedule`: another time for a scheduled send (E15). */
  rescheduleEmail(id: string, version: number, sendAt: string): Promise<Email>;
  /** `GET /settings/send`: the agent's undo window (E14). */
  getSendSettings(signal?: AbortSignal): Promise<SendSettings>;
  /** `PUT /settings/send`: change it; answers what is saved. */
  putSendSettings(body: SendSettings): Promise<SendSettings>;
  /** `GET /macros`: the macros the agent may send with (E13). */
  listMacros(signal?: AbortSignal): Promise<MacroList>;
  /** `GET /emails/:id/macro`: a send's macro and its progress; null when it was sent without one. */
  getEmailMacro(id: string, signal?: AbortSignal): Promise<EmailMacroRun | null>;
  /** `POST /emails/:id/macro/retry`: Try again for the failed action and the rest. */
  retryEmailMacro(id: string): Promise<EmailMacroRun>;
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
  /** `GET /emails/:id/remote-images`: the received body's held-back images (issue 13). */
  getRemoteImages(id: string, signal?: AbortSignal): Promise<RemoteImages>;
  /** `PUT /emails/:id/remote-images`: show them, for this email from now on. */
  allowRemoteImages(id: string): Promise<RemoteImages>;
  /** `GET /emails/:id/remote-images/:position`: an allowed image's bytes, fetched by mail. */
  remoteImageContent(id: string, position: number, signal?: AbortSignal): Promise<Blob>;
  /** `GET /tickets/:ticketId/attachments`: files of the ticket's emails (E11). */
  listTicketAttachments(ticketId: string, signal?: AbortSignal): Promise<TicketAttachmentList>;
  /** `POST /emails/:id/attachments/from-ticket`. */
  addTicketAttachments(id: string, body: AddTicketAttachmentsBody): Promise<AttachmentList>;
  /** `GET /tickets/:ticketId/emails`: the ticket's thread (N3). */
  listTicketEmails(ticketId: string, signal?: AbortSignal): Promise<EmailList>;
  /** `GET /emails/:id/changes`: the draft's saved copies as they happen (T1), until `close()`. */
  draftChanges(id: string, handlers: DraftStreamHandlers): { close(): void };
  /** `GET /tickets/:ticketId/emails/changes`: the ticket's thread whenever it changes (issue 13), until `close()`. */
  ticketEmailChanges(ticketId: string, handlers: ThreadStreamHandlers): { close(): void };
}

/** Largest body a `keepalive` request may carry (browsers allow 64 KiB in flight). */
const KEEPALIVE_LIMIT = 60_000;

/** The mail service over HTTP, with a token for the `mail` audience on every call. */
export class HttpMailApi implements MailApi {
  private readonly client: ServiceClient;
  /** The same calls with `keepalive`, for the last autosave of a page being left. */
  private readonly keepaliveClient: ServiceClient;

  constructor(
    private readonly host: Pick<HostApi, 'serviceUrl' | 'getToken'>,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly createXhr: () => XMLHttpRequest = () => new XMLHttpRequest(),
  ) {
    this.client = new ServiceClient(host, { fetch: fetchImpl });
    this.keepaliveClient = new ServiceClient(host, { fetch: (input, init) => fetchImpl(input, { ...init, keepalive: true }) });
  }

  getEmail(id: string, signal?: AbortSignal): Promise<Email> {
    return this.client.call(mailApi.getEmail, { params: { id }, signal });
  }

  createDraft(body: CreateDraftBody): Promise<Email> {
    return this.client.call(mailApi.createDraft, { body });
  }

  patchDraft(id: string, body: PatchDraftBody, options: { keepalive?: boolean } = {}): Promise<Email> {
    const keepalive = options.keepalive && JSON.stringify(body).length < KEEPALIVE_LIMIT;
    return (keepalive ? this.keepaliveClient : this.client).call(mailApi.patchDraft, { params: { id }, body });
  }

  deleteEmail(id: string): Promise<void> {
    return this.client.call(mailApi.discardDraft, { params: { id } });
  }

  sendEmail(id: string, version: number, macroId?: string, sendAt?: string): Promise<Email> {
    const body = { version, ...(macroId ? { macroId } : {}), ...(sendAt ? { sendAt } : {}) };
    return this.client.call(mailApi.sendEmail, { params: { id }, body });
  }

  unsendEmail(id: string): Promise<Email> {
    return this.client.call(mailApi.unsendEmail, { params: { id } });
  }

  rescheduleEmail(id: string, version: number, sendAt: string): Promise<Email> {
    return this.client.call(mailApi.rescheduleEmail, { params: { id }, body: { version, sendAt } });
  }

  getSendSettings(signal?: AbortSignal): Promise<SendSettings> {
    return this.client.call(mailApi.getSendSettings, { signal });
  }

  putSendSettings(body: SendSettings): Promise<SendSettings> {
    return this.client.call(mailApi.putSendSettings, { body });
  }

  listMacros(signal?: AbortSignal): Promise<MacroList> {
    return this.client.call(mailApi.listMacros, { signal });
  }

  async getEmailMacro(id: string, signal?: AbortSignal): Promise<EmailMacroRun | null> {
    try {
      return await this.client.call(mailApi.getEmailMacro, { params: { id }, signal });
    } catch (error) {
      if (error instanceof ApiError && error.code === MailErrorCode.macroNotFound) return null;
      throw error;
    }
  }

  retryEmailMacro(id: string): Promise<EmailMacroRun> {
    return this.client.call(mailApi.retryEmailMacro, { params: { id } });
  }

  listQueues(signal?: AbortSignal): Promise<MailQueueList> {
    return this.client.call(mailApi.listQueues, { signal });
  }

  getSuggestions(id: string, signal?: AbortSignal): Promise<RecipientSuggestions> {
    return this.client.call(mailApi.getSuggestions, { params: { id }, signal });
  }

  removeAttachment(id: string, attachmentId: string): Promise<void> {
    return this.client.call(mailApi.removeAttachment, { params: { id, attachmentId } });
  }

  listTicketAttachments(ticketId: string, signal?: AbortSignal): Promise<TicketAttachmentList> {
    return this.client.call(mailApi.listTicketAttachments, { params: { ticketId }, signal });
  }

  addTicketAttachments(id: string, body: AddTicketAttachmentsBody): Promise<AttachmentList> {
    return this.client.call(mailApi.addTicketAttachments, { params: { id }, body });
  }

  listTicketEmails(ticketId: string, signal?: AbortSignal): Promise<EmailList> {
    return this.client.call(mailApi.listTicketEmails, { params: { ticketId }, signal });
  }

  async attachmentContent(id: string, attachmentId: string, signal?: AbortSignal): Promise<Blob> {
    return (await this.client.send(mailApi.attachmentContent, { params: { id, attachmentId }, signal })).blob();
  }

  getRemoteImages(id: string, signal?: AbortSignal): Promise<RemoteImages> {
    return this.client.call(mailApi.getRemoteImages, { params: { id }, signal });
  }

  allowRemoteImages(id: string): Promise<RemoteImages> {
    return this.client.call(mailApi.allowRemoteImages, { params: { id } });
  }

  async remoteImageContent(id: string, position: number, signal?: AbortSignal): Promise<Blob> {
    return (await this.client.send(mailApi.remoteImageContent, { params: { id, position }, signal })).blob();
  }

  /** Over XMLHttpRequest, since fetch reports no upload progress. */
  async uploadAttachment(id: string, file: File, options: UploadOptions = {}): Promise<Attachment> {
    const url = this.client.url(mailApi.uploadAttachment, { params: { id }, query: options.inline ? { inline: true } : {} });
    const token = await this.host.getToken();
    const form = new FormData();
    form.append('file', file, file.name);
    const answer = await new Promise<unknown>((resolve, reject) => {
      const xhr = this.createXhr();
      xhr.open(mailApi.uploadAttachment.method, url.href);
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
      });
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText));
        else reject(ApiError.fromBody(xhr.status, xhr.responseText, xhr.statusText));
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK_ERROR', 'The upload did not reach the server')));
      xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
      options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
    return this.client.answer(mailApi.uploadAttachment, answer);
  }

  draftChanges(id: string, handlers: DraftStreamHandlers): DraftStream {
    const url = this.client.url(mailApi.draftChanges, { params: { id }, query: { device: deviceId() } }).href;
    return new DraftStream({ ...handlers, url, getToken: () => this.host.getToken(), fetch: this.fetchImpl });
  }

  ticketEmailChanges(ticketId: string, handlers: ThreadStreamHandlers): ThreadStream {
    const url = this.client.url(mailApi.ticketEmailChanges, { params: { ticketId } }).href;
    return new ThreadStream({ ...handlers, url, getToken: () => this.host.getToken(), fetch: this.fetchImpl });
  }
}

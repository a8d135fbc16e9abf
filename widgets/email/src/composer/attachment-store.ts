import { MAX_EMAIL_ATTACHMENT_BYTES, type Attachment, type Locale, type TicketAttachment } from '@switchboard/contracts';
import { errorMessage, type Translate } from '@switchboard/widget-sdk';
import { formatBytes } from '../format';
import type { MailApi } from '../mail-api';
import type { MessageKey } from '../messages';

/** A file on its way to the server. */
export interface UploadRow {
  key: number;
  fileName: string;
  size: number;
  loaded: number;
  inline: boolean;
  /** Why it failed; the row stays until dismissed. */
  error?: string;
}

/** Options of an attachment store. */
export interface AttachmentStoreOptions {
  api: MailApi;
  emailId: string;
  /** The email's attachments when the composer opened. */
  attachments: Attachment[];
  /** Called after every change, for re-rendering. */
  onChange(): void;
  /** Translations in the agent's current language. */
  t(): Translate<MessageKey>;
  locale(): Locale;
}

/**
 * The attachments and inline images of a draft (E11): uploads one request per file with
 * progress, removals, files taken from the ticket, and the 20 MB total checked before anything
 * is sent (the server checks it again and answers 413 ATTACHMENTS_TOO_LARGE).
 */
export class AttachmentStore {
  attachments: Attachment[];
  uploads: UploadRow[] = [];
  /** The last refusal or failure to show, already translated. */
  notice = '';
  private nextKey = 1;

  constructor(private readonly options: AttachmentStoreOptions) {
    this.attachments = [...options.attachments];
  }

  /** Bytes stored plus bytes on their way. */
  get usedBytes(): number {
    const stored = this.attachments.reduce((sum, attachment) => sum + attachment.size, 0);
    const uploading = this.uploads.reduce((sum, row) => sum + (row.error ? 0 : row.size), 0);
    return stored + uploading;
  }

  /** The attachment an inline image's `cid:` source names. */
  byContentId(contentId: string): Attachment | undefined {
    return this.attachments.find((attachment) => attachment.contentId === contentId);
  }

  /** Uploads one file; undefined when refused or failed (the notice or the row says why). */
  async upload(file: File, inline = false): Promise<Attachment | undefined> {
    if (!this.fits(file.size, file.name)) return undefined;
    const row: UploadRow = { key: this.nextKey++, fileName: file.name, size: file.size, loaded: 0, inline };
    this.uploads = [...this.uploads, row];
    this.changed();
    try {
      const attachment = await this.options.api.uploadAttachment(this.options.emailId, file, {
        inline,
        onProgress: (loaded) => {
          row.loaded = loaded;
          this.changed();
        },
      });
      this.uploads = this.uploads.filter((candidate) => candidate !== row);
      this.attachments = [...this.attachments, attachment];
      this.changed();
      return attachment;
    } catch (error) {
      const t = this.options.t();
      row.error = t('uploadFailed', { name: file.name, message: errorMessage(error, t) });
      this.uploads = [...this.uploads];
      this.changed();
      return undefined;
    }
  }

  /** Removes a stored attachment. */
  async remove(attachment: Attachment): Promise<void> {
    const t = this.options.t();
    try {
      await this.options.api.removeAttachment(this.options.emailId, attachment.id);
      this.attachments = this.attachments.filter((candidate) => candidate.id !== attachment.id);
      this.notice = '';
    } catch (error) {
      this.notice = t('removeFailed', { name: attachment.fileName, message: errorMessage(error, t) });
    }
    this.changed();
  }

  /** Attaches files of the ticket's earlier emails; false when refused or failed. */
  async addFromTicket(items: TicketAttachment[]): Promise<boolean> {
    const t = this.options.t();
    const bytes = items.reduce((sum, item) => sum + item.size, 0);
    if (this.usedBytes + bytes > MAX_EMAIL_ATTACHMENT_BYTES) {
      this.notice = t('ticketSelectionTooLarge', { max: this.maxLabel() });
      this.changed();
      return false;
    }
    try {
      const added = await this.options.api.addTicketAttachments(this.options.emailId, { attachmentIds: items.map((item) => item.id) });
      const known = new Set(this.attachments.map((attachment) => attachment.id));
      this.attachments = [...this.attachments, ...added.items.filter((attachment) => !known.has(attachment.id))];
      this.notice = '';
      this.changed();
      return true;
    } catch (error) {
      this.notice = t('addFromTicketFailed', { message: errorMessage(error, t) });
      this.changed();
      return false;
    }
  }

  /** Forgets a failed upload row. */
  dismissUpload(key: number): void {
    this.uploads = this.uploads.filter((row) => row.key !== key);
    this.changed();
  }

  /** Hides the notice. */
  dismissNotice(): void {
    this.notice = '';
    this.changed();
  }

  /** "20 MB" in the agent's language. */
  maxLabel(): string {
    return formatBytes(MAX_EMAIL_ATTACHMENT_BYTES, this.options.locale()).replace(/[.,]0 /, ' ');
  }

  /** True when `bytes` more stay within 20 MB; otherwise sets the refusal notice. */
  private fits(bytes: number, name: string): boolean {
    const used = this.usedBytes;
    if (used + bytes <= MAX_EMAIL_ATTACHMENT_BYTES) return true;
    const t = this.options.t();
    const locale = this.options.locale();
    this.notice = t('tooLarge', {
      name,
      size: formatBytes(bytes, locale),
      max: this.maxLabel(),
      left: formatBytes(Math.max(0, MAX_EMAIL_ATTACHMENT_BYTES - used), locale),
    });
    this.changed();
    return false;
  }

  private changed(): void {
    this.options.onChange();
  }
}

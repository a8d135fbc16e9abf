import type { MailApi } from './mail-api';

/**
 * Object URLs of attachment bytes and allowed remote images, fetched with the widget's token
 * (plain `<img src>` or links could not send it). One fetch per file; every URL is revoked on
 * `dispose()`.
 */
export class AttachmentUrls {
  private readonly urls = new Map<string, Promise<string>>();
  private readonly created: string[] = [];

  constructor(private readonly api: MailApi) {}

  /** An object URL of the attachment's bytes; rejects when they cannot be fetched. */
  urlFor(emailId: string, attachmentId: string): Promise<string> {
    return this.cached(`${emailId}/${attachmentId}`, () => this.api.attachmentContent(emailId, attachmentId));
  }

  /** An object URL of an allowed remote image of a received email, fetched by mail (issue 13). */
  remoteImageUrl(emailId: string, position: number): Promise<string> {
    return this.cached(`${emailId}/remote/${position}`, () => this.api.remoteImageContent(emailId, position));
  }

  private cached(key: string, load: () => Promise<Blob>): Promise<string> {
    let url = this.urls.get(key);
    if (!url) {
      url = load().then((blob) => {
        const objectUrl = URL.createObjectURL(blob);
        this.created.push(objectUrl);
        return objectUrl;
      });
      // A failed fetch may be retried later.
      url.catch(() => this.urls.delete(key));
      this.urls.set(key, url);
    }
    return url;
  }

  /** Saves the attachment as a file: fetches it, then clicks a temporary download link. */
  async download(emailId: string, attachmentId: string, fileName: string): Promise<void> {
    const link = document.createElement('a');
    link.href = await this.urlFor(emailId, attachmentId);
    link.download = fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  }

  /** Revokes every URL handed out. */
  dispose(): void {
    for (const url of this.created) URL.revokeObjectURL(url);
    this.created.length = 0;
    this.urls.clear();
  }
}

/** An upload the fake XMLHttpRequest received. */
export interface FakeUpload {
  method: string;
  url: URL;
  headers: Record<string, string>;
  file: File;
  /** Reports upload progress to the widget. */
  progress(loaded: number, total: number): void;
  /** Answers the upload. */
  respond(status: number, body: unknown): void;
}

/**
 * Just enough of XMLHttpRequest for the widget's uploads: each `send` is recorded in `uploads`
 * and stays open until the test responds.
 */
export class FakeXhrServer {
  readonly uploads: FakeUpload[] = [];
  /** Answers every upload at once instead of waiting. */
  autoRespond?: (upload: FakeUpload) => { status: number; body: unknown };

  /** The factory to hand to HttpMailApi. */
  readonly create = (): XMLHttpRequest => {
    const uploads = this.uploads;
    const autoRespond = () => this.autoRespond;
    const xhr = new (class extends EventTarget {
      readonly upload = new EventTarget();
      status = 0;
      statusText = '';
      responseText = '';
      private method = '';
      private url = '';
      private readonly headers: Record<string, string> = {};
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
      }
      setRequestHeader(name: string, value: string) {
        this.headers[name.toLowerCase()] = value;
      }
      abort() {
        this.dispatchEvent(new Event('abort'));
      }
      send(body: FormData) {
        const upload: FakeUpload = {
          method: this.method,
          url: new URL(this.url),
          headers: this.headers,
          file: body.get('file') as File,
          progress: (loaded, total) => {
            const event = new ProgressEvent('progress', { lengthComputable: true, loaded, total });
            this.upload.dispatchEvent(event);
          },
          respond: (status, responseBody) => {
            this.status = status;
            this.responseText = JSON.stringify(responseBody);
            this.dispatchEvent(new Event('load'));
          },
        };
        uploads.push(upload);
        const auto = autoRespond()?.(upload);
        if (auto) queueMicrotask(() => upload.respond(auto.status, auto.body));
      }
    })();
    return xhr as unknown as XMLHttpRequest;
  };
}

import type { HostApi, PlatformEvents } from '@switchboard/contracts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The page email's subject and text. */
export type EmailTopic = Omit<PlatformEvents['email.topic'], 'emailId'>;

/**
 * What the page's email is about (A1), from the Email widget's `email.topic`: asked for once on
 * connecting, as the Email widget may have loaded the email before this widget mounted.
 */
export class EmailTopicController implements ReactiveController {
  /** The subject and text of the context's email; undefined until the Email widget told them. */
  topic?: EmailTopic;
  private off?: () => void;

  constructor(private readonly element: ReactiveControllerHost & { host?: HostApi }) {
    element.addController(this);
  }

  hostConnected(): void {
    const host = this.element.host;
    if (!host) return;
    this.off = host.on('email.topic', ({ emailId, subject, text }) => {
      if (emailId !== host.context().emailId) return;
      this.topic = { subject, text };
      this.element.requestUpdate();
    });
    const emailId = host.context().emailId;
    if (emailId) host.emit('email.topicRequested', { emailId });
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = undefined;
  }
}

import { MailErrorCode, type Email, type HostApi } from '@switchboard/contracts';
import { ApiError, errorMessage, type Translate } from '@switchboard/widget-sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Autosaver } from '../draft/autosave';
import type { DraftBackup } from '../draft/draft-backup';
import type { MailApi } from '../mail-api';
import type { MessageKey } from '../messages';

/** The draft the actions work on: the open email with its service, autosave and this tab's backup. */
export interface OpenDraft {
  email: Email;
  api: MailApi;
  saver: Autosaver;
  backup?: DraftBackup;
}

/** What a send came to, when the composer has something to do about it. */
export type SendOutcome =
  /** Queued: the service's copy of the email. */
  | { kind: 'sent'; email: Email }
  /** The service refused it for a field (no queue, a queue the agent may not use, no recipient). */
  | { kind: 'refused'; field: 'queue' | 'to'; message: string };

/** The email in a 409's `details.current` when the error carries this code. */
function serverCopy(error: unknown, code: string): Email | undefined {
  return error instanceof ApiError && error.code === code ? (error.details as { current?: Email })?.current : undefined;
}

/** Options of the draft actions. */
export interface DraftActionsOptions {
  /** The draft open now, if any. */
  draft(): OpenDraft | undefined;
  /** The host API: events and navigation. */
  host(): HostApi;
  /** The widget's messages in the agent's language. */
  t: Translate<MessageKey>;
  /** Shows why an action failed in the composer's alert; `''` clears it as the next action starts. */
  alert(message: string): void;
}

/**
 * Send, Postpone, Resume and Discard of the draft open in the composer (E6-E8): each waits for
 * autosave where it must, talks to the mail service, tells the page (`email.changed`) and leaves
 * it when the draft is gone from this tab. The composer renders `sending` and `busy`, shows the
 * failures it is told through `alert`, checks the fields before a send and moves focus.
 */
export class DraftActions implements ReactiveController {
  /** True while a send runs. */
  sending = false;
  /** The other action running now, if any. */
  busy: '' | 'postpone' | 'resume' | 'discard' = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: DraftActionsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** True while any action runs: the action buttons say so and do nothing. */
  get running(): boolean {
    return this.sending || this.busy !== '';
  }

  /**
   * Sends the draft (E7) once `check` passed and autosave has every edit, with the version last
   * seen; with `macroId` the macro runs after delivery (E13); with `sendAt` it is scheduled (E15).
   * Failures other than a field refusal go to the alert.
   */
  async send(check: () => boolean, macroId?: string, sendAt?: string): Promise<SendOutcome | undefined> {
    const draft = this.options.draft();
    if (this.running || !draft) return undefined;
    this.options.alert('');
    if (!check()) return undefined;
    const { t } = this.options;
    this.setSending(true);
    try {
      if (!(await draft.saver.settle())) {
        this.options.alert(t('sendNotSaved'));
        return undefined;
      }
      const email = await this.sendWithVersion(draft, macroId, sendAt);
      if (!email) return undefined;
      draft.saver.dispose();
      draft.backup?.clear();
      return { kind: 'sent', email };
    } catch (error) {
      return this.refusal(error);
    } finally {
      this.setSending(false);
    }
  }

  /** Postpones the draft (E8) and leaves the page; false when it could not be saved so. */
  async postpone(): Promise<boolean> {
    if (this.running || !(await this.setPostponed(true))) return false;
    this.options.host().navigate('/');
    return true;
  }

  /** Takes a postponed draft back into work; false when it could not be saved so. */
  async resume(): Promise<boolean> {
    if (this.busy) return false;
    return this.setPostponed(false);
  }

  /** Deletes the draft (E6) and leaves the page; `failed` (with the alert) when the service refused, nothing when one runs. */
  async discard(): Promise<'discarded' | 'failed' | undefined> {
    const draft = this.options.draft();
    if (!draft || this.busy === 'discard') return undefined;
    const { t } = this.options;
    const emailId = draft.email.id;
    this.setBusy('discard');
    try {
      await draft.api.deleteEmail(emailId);
    } catch (error) {
      this.setBusy('');
      this.options.alert(t('discardFailed', { message: errorMessage(error, t) }));
      return 'failed';
    }
    draft.saver.dispose();
    draft.backup?.clear();
    const host = this.options.host();
    host.emit('email.changed', { emailId, status: 'discarded', postponed: false });
    host.navigate('/');
    return 'discarded';
  }

  /**
   * Sends with the version last seen; a 409 whose server copy has none of our fields moved is
   * retried once. A repeat of a send the service accepted before (another tab sent this version)
   * counts as sent, with the email as the service has it now.
   */
  private async sendWithVersion({ api, email, saver }: OpenDraft, macroId?: string, sendAt?: string): Promise<Email | undefined> {
    const attempt = () =>
      api.sendEmail(email.id, saver.version, macroId, sendAt).catch((error: unknown) => {
        const sent = serverCopy(error, MailErrorCode.alreadySent);
        if (!sent) throw error;
        return sent;
      });
    try {
      return await attempt();
    } catch (error) {
      const server = serverCopy(error, MailErrorCode.versionConflict);
      if (!server) throw error;
      if (!saver.adoptVersion(server)) return undefined;
      return attempt();
    }
  }

  /** A refused send tied to its field, or (for any other failure) the alert. */
  private refusal(error: unknown): SendOutcome | undefined {
    const { t } = this.options;
    const code = error instanceof ApiError ? error.code : '';
    if (code === MailErrorCode.queueRequired) return { kind: 'refused', field: 'queue', message: t('queueRequired') };
    if (code === MailErrorCode.queueForbidden) return { kind: 'refused', field: 'queue', message: errorMessage(error, t) };
    if (code === MailErrorCode.recipientRequired) return { kind: 'refused', field: 'to', message: t('recipientRequired') };
    this.options.alert(t('sendFailed', { message: errorMessage(error, t) }));
    return undefined;
  }

  private async setPostponed(postponed: boolean): Promise<boolean> {
    const draft = this.options.draft();
    if (!draft) return false;
    const { t } = this.options;
    this.options.alert('');
    this.setBusy(postponed ? 'postpone' : 'resume');
    this.update(draft, postponed);
    const saved = await draft.saver.settle();
    this.setBusy('');
    if (!saved) {
      this.update(draft, !postponed);
      this.options.alert(t(postponed ? 'postponeFailed' : 'resumeFailed'));
      return false;
    }
    this.options.host().emit('email.changed', { emailId: draft.email.id, status: 'draft', postponed });
    return true;
  }

  private update(draft: OpenDraft, postponed: boolean): void {
    draft.saver.update({ postponed });
    this.host.requestUpdate();
  }

  private setSending(sending: boolean): void {
    this.sending = sending;
    this.host.requestUpdate();
  }

  private setBusy(busy: DraftActions['busy']): void {
    this.busy = busy;
    this.host.requestUpdate();
  }
}

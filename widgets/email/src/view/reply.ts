import type { HostApi } from '@switchboard/contracts';
import { loadComposer } from '../composer/load-composer';
import type { MailApi } from '../mail-api';

/** How an answer to an earlier email starts (N3). */
export type ReplyMode = 'reply' | 'replyAll' | 'forward';

/**
 * Creates the reply or forward draft (`POST /drafts { replyTo }`: recipients, subject, quote and
 * threading prefilled by the server) and opens it in a new tab of the static panel.
 */
export async function startReply(api: MailApi, host: HostApi, emailId: string, mode: ReplyMode, fallbackTitle: string): Promise<void> {
  // The draft opens in the composer: its code downloads while the server creates the draft. A
  // failure shows (with Retry) where the draft is rendered, which loads it again.
  loadComposer().catch(() => undefined);
  const draft = await api.createDraft({ replyTo: { emailId, mode } });
  host.openTab({ path: `/emails/${draft.id}`, title: draft.subject || fallbackTitle });
}

import type { MigrationEntry } from '@switchboard/service-kit';
import { AttachmentBlobIndex } from './0002-attachment-blob-index.migration';
import { MailServiceEvents } from './0003-service-events.migration';
import { InboundMail } from './0004-inbound-mail.migration';
import { ImapMailboxes } from './0005-imap-mailboxes.migration';
import { MacroRuns } from './0006-macro-runs.migration';
import { HeldSends } from './0007-held-sends.migration';
import { RemoteImages } from './0008-remote-images.migration';
import { SendVersion } from './0009-send-version.migration';
import { SendRetry } from './0010-send-retry.migration';
import { InboundSpool } from './0011-inbound-spool.migration';
import { PendingMacroSteps } from './0012-pending-macro-steps.migration';
import { InboundSpoolRaw } from './0013-inbound-spool-raw.migration';
import { SendTraceContext } from './0014-send-trace-context.migration';
import { MacroRunLeases } from './0015-macro-run-leases.migration';
import { InboundMessageRaw } from './0016-inbound-message-raw.migration';
import { MacroStepsInRun } from './0017-macro-steps-in-run.migration';
import { MacroRunEmailSent } from './0018-macro-run-email-sent.migration';
import { CreateMail } from './create-mail.migration';

/** Migrations of the mail schema, in the order they apply. Never edit one that shipped. */
export const mailMigrations: MigrationEntry[] = [
  { name: '0001-create-mail', class: CreateMail },
  { name: '0002-attachment-blob-index', class: AttachmentBlobIndex },
  { name: '0003-service-events', class: MailServiceEvents },
  { name: '0004-inbound-mail', class: InboundMail },
  { name: '0005-imap-mailboxes', class: ImapMailboxes },
  { name: '0006-macro-runs', class: MacroRuns },
  { name: '0007-held-sends', class: HeldSends },
  { name: '0008-remote-images', class: RemoteImages },
  { name: '0009-send-version', class: SendVersion },
  { name: '0010-send-retry', class: SendRetry },
  { name: '0011-inbound-spool', class: InboundSpool },
  { name: '0012-pending-macro-steps', class: PendingMacroSteps },
  { name: '0013-inbound-spool-raw', class: InboundSpoolRaw },
  { name: '0014-send-trace-context', class: SendTraceContext },
  { name: '0015-macro-run-leases', class: MacroRunLeases },
  { name: '0016-inbound-message-raw', class: InboundMessageRaw },
  { name: '0017-macro-steps-in-run', class: MacroStepsInRun },
  { name: '0018-macro-run-email-sent', class: MacroRunEmailSent },
];

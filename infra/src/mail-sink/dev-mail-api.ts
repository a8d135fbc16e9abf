import { devMailApi, DevMailErrorCode } from '@switchboard/contracts';
import { type AuthOptions, conflict, createServiceApp, notFound, requireRole, serve, type ServeOptions, type ServiceApp } from '@switchboard/service-kit';
import { ReplyNotDeliveredError, sendCustomerReply } from './customer-reply';
import type { DevMailStore } from './dev-mail-store';

/** What the sink's HTTP API needs. */
export interface DevMailApiOptions {
  /** The messages to show. */
  store: DevMailStore;
  /** Token verification keys (identity's JWKS); callers need a token of audience `mail`. */
  getKey: AuthOptions['getKey'];
  /** Port of the mail service's inbound SMTP listener on 127.0.0.1, for "Reply as the customer"; none: replies are refused. */
  inboundSmtpPort?: number;
}

/**
 * The sink's API, behind the gateway at /api/dev-mail: list, read, download and clear what the
 * platform sent, and reply to it as the customer (through the inbound SMTP listener). Callers use a token of audience `mail`, as for the mail service itself, with the
 * role `admin`: the sink holds every agent's sent mail. `/health` stays public, so the shell
 * can tell whether the platform runs a sink at all.
 */
export async function buildDevMailApi(options: DevMailApiOptions): Promise<ServiceApp> {
  const { store } = options;
  const app = await createServiceApp({ name: 'dev-mail', logger: false, auth: { audience: 'mail', getKey: options.getKey } });
  const find = (id: string) => {
    const found = store.get(id);
    if (!found) throw notFound(DevMailErrorCode.messageNotFound, `No message ${id} in the dev mail sink`);
    return found;
  };

  const adminOnly: ServeOptions = { preHandler: async (request) => requireRole(request, 'admin') };

  serve(app, devMailApi.listMessages, async () => ({ items: store.list() }), adminOnly);
  serve(app, devMailApi.getMessage, async (request) => find(request.params.id).message, adminOnly);
  serve(
    app,
    devMailApi.getRawMessage,
    async (request, reply) => {
      const { raw, message } = find(request.params.id);
      return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${message.id}.eml"`).send(raw);
    },
    adminOnly,
  );
  serve(
    app,
    devMailApi.replyAsCustomer,
    async (request) => {
      const { message } = find(request.params.id);
      const notDelivered = (why: string) => conflict(DevMailErrorCode.replyNotDelivered, `The reply was not delivered: ${why}`);
      if (!options.inboundSmtpPort) throw notDelivered('this platform runs no inbound SMTP listener');
      try {
        return await sendCustomerReply(options.inboundSmtpPort, message, request.body.text);
      } catch (error) {
        if (error instanceof ReplyNotDeliveredError) throw notDelivered(error.message);
        throw error;
      }
    },
    adminOnly,
  );
  serve(app, devMailApi.clearMessages, async () => store.clear(), adminOnly);
  return app;
}

import { mailApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { requireAdmin } from '../admin-access';
import { listHeldInbound, retryHeldInbound } from './held-inbound';

/**
 * The admins' view of received messages that were not filed (issue 13): the quarantined and
 * refused ones, and a retry that puts a quarantined one back in the spool, whose recorder is woken.
 */
export const heldInboundRoutes: FastifyPluginAsync = async (app) => {
  serve(app, mailApi.listHeldInbound, async (request) => {
    requireAdmin(request);
    return listHeldInbound(app.orm.em, app.blobStore, request.query);
  });
  serve(app, mailApi.retryHeldInbound, async (request) => {
    requireAdmin(request);
    const spoolId = await retryHeldInbound(app.orm.em, request.params.id);
    app.inboundSpool.wake();
    return { spoolId };
  });
};

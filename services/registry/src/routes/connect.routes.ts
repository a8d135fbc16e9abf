import { connectApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import type { RegistrySettings } from '../settings';
import { createConnectApproval } from '../widgets/connect-approval';

/** Approved `connect` origins: admins approve them per version, anyone (the gateway) reads the live ones. */
export const connectRoutes: FastifyPluginAsync<RegistrySettings> = async (app, settings) => {
  const approval = createConnectApproval(app, settings);
  serve(app, connectApi.approveConnect, async (request) =>
    approval.approve(callerOf(request), request.params.name, request.params.version, request.body.origins),
  );
  serve(app, connectApi.listConnectOrigins, async (request) => approval.live(request.query.environment));
};

import { serveFromEnvironment, serviceEventsFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

serveFromEnvironment('crm', 4005, async ({ identityKeys, ...env }) => buildApp({ ...env, getKey: identityKeys(), events: serviceEventsFromEnvironment() }));

import { serveFromEnvironment, serviceEventsFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

serveFromEnvironment('tickets', 4002, async ({ identityKeys, ...env }) => buildApp({ ...env, getKey: identityKeys(), events: serviceEventsFromEnvironment() }));

import { HOST_CONTRACT_VERSION, type WidgetManifest } from '@switchboard/contracts';

/** A valid manifest of the Tickets widget, shared by the shell's unit tests. */
export const ticketsManifest: WidgetManifest = {
  name: 'tickets',
  version: '1.0.0',
  federationName: 'switchboard_tickets',
  entry: 'mf-manifest.json',
  exposedModule: './widget',
  mandatory: true,
  hostContract: HOST_CONTRACT_VERSION,
  service: 'tickets',
  title: { en: 'Tickets', cs: 'Tikety' },
};

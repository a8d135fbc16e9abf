import { start } from 'single-spa';
import './elements/sb-app';
import type { SbApp } from './elements/sb-app';
import { createShellServices } from './shell-services';

// The shell's pages are Lit elements picked by sb-app from the location; widgets are parcels.
// start() patches the History API, so every navigateToUrl() reaches sb-app as a popstate.
start({ urlRerouteOnly: true });

const app = document.querySelector<SbApp>('sb-app') ?? document.body.appendChild(document.createElement('sb-app'));
app.services = createShellServices({ onUnauthorized: () => app.sessionExpired() });

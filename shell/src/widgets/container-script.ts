/** A Module Federation container: what a widget's `remoteEntry.js` leaves on the window under its federation name. */
export interface FederationContainer {
  init(shareScope: unknown): unknown;
  get(module: string): Promise<() => unknown>;
}

/**
 * Runs a remote entry script, with `integrity` and `crossorigin="anonymous"` when an integrity
 * is known (SRI needs CORS; a script whose bytes differ from the published ones never runs), and
 * resolves with the container it defines on `window[federationName]`. A script that failed is
 * taken out of the document, so the next attempt fetches it again.
 */
export function loadContainerScript(url: string, federationName: string, integrity?: string, doc: Document = document): Promise<FederationContainer> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = url;
    if (integrity) {
      script.integrity = integrity;
      script.crossOrigin = 'anonymous';
    }
    const fail = (error: Error) => {
      script.remove();
      reject(error);
    };
    script.onload = () => {
      const container = (doc.defaultView as unknown as Record<string, FederationContainer | undefined> | null)?.[federationName];
      if (container && typeof container.get === 'function' && typeof container.init === 'function') resolve(container);
      else fail(new Error(`${url} defines no container ${federationName}`));
    };
    script.onerror = () => fail(new Error(`${url} could not be loaded`));
    doc.head.append(script);
  });
}

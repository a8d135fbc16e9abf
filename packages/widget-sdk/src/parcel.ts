import type { HostApi, WidgetParcelProps } from '@switchboard/contracts';

/** The element a widget parcel mounts: it receives the host API and its instance settings. */
export interface WidgetElement extends HTMLElement {
  host?: HostApi;
  settings?: Record<string, unknown>;
}

/** single-spa's parcel lifecycle, typed without importing single-spa. */
export interface WidgetParcel {
  bootstrap(): Promise<void>;
  mount(props: WidgetParcelProps & { domElement: HTMLElement }): Promise<void>;
  update(props: WidgetParcelProps & { domElement: HTMLElement }): Promise<void>;
  unmount(props: { domElement: HTMLElement }): Promise<void>;
}

/**
 * Wraps a custom element as a single-spa parcel: mount creates it in the shell's frame and hands
 * it the host API, update passes new settings, unmount removes it.
 */
export function createWidgetParcel(tagName: string): WidgetParcel {
  const find = (domElement: HTMLElement) => domElement.querySelector<WidgetElement>(tagName);
  return {
    bootstrap: async () => undefined,
    mount: async ({ domElement, host, settings }) => {
      const element = document.createElement(tagName) as WidgetElement;
      element.host = host;
      element.settings = settings;
      domElement.append(element);
    },
    update: async ({ domElement, settings }) => {
      const element = find(domElement);
      if (element) element.settings = settings;
    },
    unmount: async ({ domElement }) => {
      find(domElement)?.remove();
    },
  };
}

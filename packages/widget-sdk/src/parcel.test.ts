/** @jest-environment @happy-dom/jest-environment */
import type { HostApi } from '@switchboard/contracts';
import { createWidgetParcel, type WidgetElement } from './parcel';

class TestWidget extends HTMLElement {
  host?: HostApi;
  settings?: Record<string, unknown>;
  /** The host API as the element saw it when it connected. */
  hostOnConnect?: HostApi;

  connectedCallback(): void {
    this.hostOnConnect = this.host;
  }
}
customElements.define('sb-test-widget', TestWidget);

const host = { contractVersion: '1.0.0' } as HostApi;

describe('createWidgetParcel', () => {
  it('mounts the element with host and settings set before it connects', async () => {
    const parcel = createWidgetParcel('sb-test-widget');
    const domElement = document.createElement('div');
    document.body.append(domElement);

    await parcel.bootstrap();
    await parcel.mount({ domElement, host, settings: { url: 'https://example.test' } });

    const element = domElement.querySelector('sb-test-widget') as TestWidget;
    expect(element).toBeInstanceOf(TestWidget);
    expect(element.hostOnConnect).toBe(host);
    expect(element.settings).toEqual({ url: 'https://example.test' });
  });

  it('passes new settings on update and removes the element on unmount', async () => {
    const parcel = createWidgetParcel('sb-test-widget');
    const domElement = document.createElement('div');
    await parcel.mount({ domElement, host, settings: {} });

    await parcel.update({ domElement, host, settings: { page: 2 } });
    expect(domElement.querySelector<WidgetElement>('sb-test-widget')?.settings).toEqual({ page: 2 });

    await parcel.unmount({ domElement });
    expect(domElement.children).toHaveLength(0);
  });
});

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Margin (px) around the window within which an element counts as shown: a widget just below the fold mounts ahead of the scroll. */
export const NEAR_WINDOW_PX = 200;

/**
 * Tells its element once, when it first comes near the window, so a widget below the fold mounts
 * when scrolled to. An element already near the window on its first update counts at once (a
 * synchronous check: the Email widget on top never waits for an observer); the others are
 * watched with an IntersectionObserver. Where there is none, every element counts as shown.
 */
export class FirstShown implements ReactiveController {
  /** True once the element was near the window. */
  seen = false;
  private observer?: IntersectionObserver;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onShown: () => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.seen || this.observer) return;
    if (typeof IntersectionObserver === 'undefined' || this.nearWindow()) {
      this.shown();
      return;
    }
    this.observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && this.shown(), {
      rootMargin: `${NEAR_WINDOW_PX}px 0px`,
    });
    this.observer.observe(this.host);
  }

  private nearWindow(): boolean {
    const box = this.host.getBoundingClientRect();
    return box.top < window.innerHeight + NEAR_WINDOW_PX && box.bottom > -NEAR_WINDOW_PX;
  }

  private shown(): void {
    this.seen = true;
    this.observer?.disconnect();
    this.observer = undefined;
    this.onShown();
  }
}

import { type LayoutPage, type LayoutRegion, type PageComposition, type PageWidget, RegistryErrorCode } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { RegistryClient } from '../session/registry-client';
import { moveWidget, positionOf, saveBody, setCollapsed, setHidden, setSetting, withRegions } from './layout-model';

/** What the last save or reset came to, for the page's status line. */
export type LayoutStatus =
  /** Someone else saved first (another tab or device); their layout is shown now. */
  | { type: 'conflict' }
  /** The registry refused the layout (e.g. MANDATORY_WIDGET); its message is shown. */
  | { type: 'rejected'; message: string }
  /** The save did not get through; the last saved layout is shown again. */
  | { type: 'failed' }
  /** The agent's own layout was dropped. */
  | { type: 'reset' };

/** Options of the layout editor. */
export interface LayoutEditorOptions {
  page: LayoutPage;
  client: Pick<RegistryClient, 'saveLayout' | 'resetLayout'>;
  /** Called after every change of `widgets` or `status`. */
  onChange(): void;
}

function isComposition(value: unknown): value is PageComposition {
  const c = value as Partial<PageComposition> | null;
  return typeof c?.layoutVersion === 'number' && Array.isArray(c.widgets);
}

/**
 * The agent's layout of a page while they edit it (S1). Every change shows at once and is saved
 * at once with the layout version it started from; saves never overlap (a change made while one
 * is in flight goes out after it, based on its answer). A conflict (409) adopts the server's
 * layout from the error's `details.current`; a refusal or failure returns to the last saved one.
 */
export class LayoutEditor {
  /** The composition as the registry last confirmed it. */
  private saved: PageComposition;
  /** The widgets shown now, in layout order, each with its region (saved, or ahead of it by the changes being saved). */
  widgets: PageWidget[];
  /** The outcome of the last save or reset that needs telling. */
  status?: LayoutStatus;

  private pending = false;
  private saving?: Promise<void>;

  constructor(
    initial: PageComposition,
    private readonly options: LayoutEditorOptions,
  ) {
    this.saved = initial;
    this.widgets = withRegions(initial.widgets);
  }

  /** The version the next save is based on. */
  get layoutVersion(): number {
    return this.saved.layoutVersion;
  }

  /** Moves a shown widget to position `to` (0-based) among the shown ones of `region`; false when nothing changed. */
  move(name: string, region: LayoutRegion, to: number): boolean {
    return this.apply(moveWidget(this.widgets, name, region, to));
  }

  /** Moves a shown widget up (`-1`) or down (`1`) by one place in its region. */
  moveBy(name: string, delta: number): boolean {
    const { region, index } = positionOf(this.widgets, name);
    return index >= 0 && index + delta >= 0 && this.move(name, region, index + delta);
  }

  /** Collapses or expands a widget. */
  setCollapsed(name: string, collapsed: boolean): boolean {
    return this.apply(setCollapsed(this.widgets, name, collapsed));
  }

  /** Hides an optional widget or shows a hidden one. */
  setHidden(name: string, hidden: boolean): boolean {
    return this.apply(setHidden(this.widgets, name, hidden));
  }

  /** Sets a setting of a widget's item, e.g. the `url` of a Page-in-page item; an empty value removes it. */
  setSetting(name: string, key: string, value: string): boolean {
    return this.apply(setSetting(this.widgets, name, key, value));
  }

  /** Drops the agent's own layout and shows the team's (or the default). */
  async reset(): Promise<void> {
    await this.idle();
    try {
      this.adopt(await this.options.client.resetLayout(this.options.page));
      this.status = { type: 'reset' };
    } catch (error) {
      console.error('The layout could not be reset', error);
      this.status = { type: 'failed' };
    }
    this.options.onChange();
  }

  /** Resolves once no save is in flight. */
  async idle(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private apply(next: PageWidget[] | null): boolean {
    if (!next) return false;
    this.widgets = next;
    this.status = undefined;
    this.options.onChange();
    this.pending = true;
    this.saving ??= this.flush().finally(() => {
      this.saving = undefined;
    });
    return true;
  }

  private async flush(): Promise<void> {
    while (this.pending) {
      this.pending = false;
      const body = saveBody(this.saved.layoutVersion, this.widgets);
      try {
        const answer = await this.options.client.saveLayout(this.options.page, body);
        this.saved = answer;
        // Changes made meanwhile stay on screen and go out next, based on this answer.
        if (!this.pending) this.widgets = withRegions(answer.widgets);
      } catch (error) {
        this.pending = false;
        this.fail(error);
      }
      this.options.onChange();
    }
  }

  private fail(error: unknown): void {
    const api = error instanceof ApiError ? error : undefined;
    const current = (api?.details as { current?: unknown } | undefined)?.current;
    if (api?.code === RegistryErrorCode.layoutVersionConflict && isComposition(current)) {
      this.adopt(current);
      this.status = { type: 'conflict' };
      return;
    }
    this.widgets = withRegions(this.saved.widgets);
    if (api && api.status >= 400 && api.status < 500 && api.status !== 401 && api.status !== 409) {
      this.status = { type: 'rejected', message: api.message };
    } else {
      console.error('The layout could not be saved', error);
      this.status = { type: 'failed' };
    }
  }

  private adopt(composition: PageComposition): void {
    this.saved = composition;
    this.widgets = withRegions(composition.widgets);
  }
}

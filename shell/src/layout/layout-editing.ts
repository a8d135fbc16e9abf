import type { LayoutPage, LayoutRegion, Locale, PageComposition, PageWidget } from '@switchboard/contracts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { translate } from '../messages';
import { LayoutEditor, type LayoutEditorOptions } from './layout-editor';
import { positionOf } from './layout-model';

/** Options of the layout editing of a page. */
export interface LayoutEditingOptions {
  page: LayoutPage;
  /** The agent's language, for what the status line says. */
  locale(): Locale;
}

type Announcement = 'layout.movedMain' | 'layout.movedSide' | 'layout.shownDone' | 'layout.hiddenDone' | 'layout.settingsSaved';

/**
 * The agent's layout of a page and their editing of it (S1): the edit mode, the changes (each
 * saved at once by a `LayoutEditor`), and what the page's status line and alert say about them.
 * The element renders from it and re-renders on every change.
 */
export class LayoutEditing implements ReactiveController {
  /** True while the agent edits: frames show their controls, the page its Reset and hidden widgets. */
  editing = false;
  private editor?: LayoutEditor;
  /** The editor's elements (loaded when editing starts) could not be fetched. */
  private editorFailed = false;
  /** The last change, said by the live region ("Tickets moved to position 1 of 2 in the main column"). */
  private announcement = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LayoutEditingOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts from the composition the registry answered; saves go through `client`. */
  begin(composition: PageComposition, client: LayoutEditorOptions['client']): void {
    this.editor = new LayoutEditor(composition, { page: this.options.page, client, onChange: () => this.host.requestUpdate() });
    this.host.requestUpdate();
  }

  /** The layout as shown now: order, regions, hidden and collapsed flags. */
  get widgets(): readonly PageWidget[] {
    return this.editor?.widgets ?? [];
  }

  /** What the status line says: the outcome of the last save or reset that needs telling, else the last change. */
  get info(): string {
    const t = translate(this.options.locale());
    const status = this.editor?.status;
    return status?.type === 'conflict' ? t('layout.conflict') : status?.type === 'reset' ? t('layout.resetDone') : this.announcement;
  }

  /** Why the last save did not get through, for the alert; empty when it did. */
  get error(): string {
    if (this.editorFailed) return translate(this.options.locale())('layout.editorFailed');
    const status = this.editor?.status;
    return status?.type === 'rejected' ? status.message : status?.type === 'failed' ? translate(this.options.locale())('layout.saveFailed') : '';
  }

  /** Turns editing off, or on once the editor's elements arrived (they are fetched on demand, not with the page). */
  async toggle(): Promise<void> {
    const editing = !this.editing;
    if (editing) {
      try {
        await import('./layout-editor-elements');
        this.editorFailed = false;
      } catch (error) {
        console.error('The layout editor could not be loaded', error);
        this.editorFailed = true;
        this.host.requestUpdate();
        return;
      }
    }
    this.editing = editing;
    this.host.requestUpdate();
  }

  /** Moves a shown widget to position `to` (0-based) among the shown ones of `region`; to its end without `to`. */
  move(name: string, region: LayoutRegion, to = Number.MAX_SAFE_INTEGER): void {
    const editor = this.editor;
    if (!editor?.move(name, region, to)) return;
    const { index, count } = positionOf(editor.widgets, name);
    this.announce(region === 'main' ? 'layout.movedMain' : 'layout.movedSide', { title: this.title(name), position: index + 1, count });
  }

  /** Collapses or expands a widget; saved like every other change, not announced (the button's aria-expanded tells). */
  setCollapsed(name: string, collapsed: boolean): void {
    this.editor?.setCollapsed(name, collapsed);
  }

  /** Hides an optional widget; false when nothing changed. */
  hide(name: string): boolean {
    if (!this.editor?.setHidden(name, true)) return false;
    this.announce('layout.hiddenDone', { title: this.title(name) });
    return true;
  }

  /** Shows a hidden widget again in its place; false when nothing changed. */
  show(name: string): boolean {
    if (!this.editor?.setHidden(name, false)) return false;
    this.announce('layout.shownDone', { title: this.title(name) });
    return true;
  }

  /** Sets the values of a widget's declared item settings (Page in page's address); an empty one removes it. */
  setSettings(name: string, values: Readonly<Record<string, string>>): void {
    const editor = this.editor;
    if (!editor) return;
    const changed = Object.entries(values).filter(([key, value]) => editor.setSetting(name, key, value.trim()));
    if (changed.length > 0) this.announce('layout.settingsSaved', { title: this.title(name) });
  }

  /** Drops the agent's own layout for the team's (or the default). */
  async reset(): Promise<void> {
    this.announcement = '';
    await this.editor?.reset();
  }

  private title(name: string): string {
    return this.widgets.find((w) => w.widget === name)?.manifest.title[this.options.locale()] ?? name;
  }

  private announce(key: Announcement, params: Record<string, string | number>): void {
    this.announcement = translate(this.options.locale())(key, params);
    this.host.requestUpdate();
  }
}

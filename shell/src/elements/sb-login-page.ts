import { IdentityErrorCode, type Locale } from '@switchboard/contracts';
import { ApiError, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { translate } from '../messages';
import type { IdentityClient } from '../session/identity-client';
import { sharedStyles } from './shared-styles';

/**
 * The sign-in form: email and password against the identity service, which sets the session cookie.
 * @fires sb-signed-in - detail `{ user }`: the session cookie is set
 */
@customElement('sb-login-page')
export class SbLoginPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      main {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 1.5rem;
      }
      .card {
        width: min(100%, 24rem);
        padding: 2rem;
      }
      .brand {
        margin: 0 0 0.25rem;
        color: ${theme.accent};
        font-weight: 700;
        letter-spacing: 0.02em;
      }
      h1 {
        font-size: 1.35rem;
      }
      .hint {
        margin: 0.5rem 0 1.5rem;
      }
      form {
        display: grid;
        gap: 1rem;
      }
      label {
        display: grid;
        gap: 0.35rem;
        font-weight: 600;
      }
      input {
        padding: 0.55rem 0.7rem;
        border: 1px solid ${theme.textMuted};
        border-radius: 8px;
        background: ${theme.surface};
        font-weight: 400;
      }
      input[aria-invalid='true'] {
        border-color: ${theme.danger};
      }
      button {
        justify-content: center;
        margin-top: 0.25rem;
      }
    `,
  ];

  /** Client of the identity service. */
  @property({ attribute: false }) identity?: IdentityClient;
  /** Language of the form (the agent's setting is unknown before sign-in). */
  @property() locale: Locale = 'en';

  @state() private _submitting = false;
  @state() private _error?: string;

  override render() {
    const t = translate(this.locale);
    const invalid = this._error ? 'true' : 'false';
    return html`
      <main>
        <section class="card" aria-labelledby="login-title">
          <p class="brand">${t('app.name')}</p>
          <h1 id="login-title">${t('login.title')}</h1>
          <p class="hint muted">${t('login.hint')}</p>
          <form @submit=${this._onSubmit}>
            <label>
              ${t('login.email')}
              <input
                name="email"
                type="email"
                autocomplete="username"
                required
                maxlength="254"
                placeholder="agent@demo.test"
                aria-invalid=${invalid}
                aria-describedby="login-error"
              />
            </label>
            <label>
              ${t('login.password')}
              <input
                name="password"
                type="password"
                autocomplete="current-password"
                required
                maxlength="200"
                aria-invalid=${invalid}
                aria-describedby="login-error"
              />
            </label>
            <div id="login-error" aria-live="assertive">${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : null}</div>
            <button class="primary" type="submit" ?disabled=${this._submitting}>
              ${this._submitting ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
        </section>
      </main>
    `;
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const t = translate(this.locale);
    this._submitting = true;
    this._error = undefined;
    try {
      if (!this.identity) return;
      const user = await this.identity.login({ email: String(data.get('email')).trim(), password: String(data.get('password')) });
      this.dispatchEvent(new CustomEvent('sb-signed-in', { detail: { user }, bubbles: true, composed: true }));
    } catch (error) {
      const wrong = error instanceof ApiError && (error.code === IdentityErrorCode.invalidCredentials || error.status === 401);
      this._error = wrong ? t('login.invalid') : t('login.failed', { message: error instanceof Error ? error.message : String(error) });
      form.querySelector<HTMLInputElement>('input[name=password]')?.select();
    } finally {
      this._submitting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-login-page': SbLoginPage;
  }
}

import type { TemplateScope, User } from '@switchboard/contracts';
import { css } from 'lit';

/** The scopes a user may create records in: personal always, a team with a team, everyone for admins. */
export function scopesFor(user: Pick<User, 'role' | 'teams'> | undefined): TemplateScope[] {
  return [
    'personal',
    ...(user?.teams.length || user?.role === 'admin' ? (['team'] as const) : []),
    ...(user?.role === 'admin' ? (['everyone'] as const) : []),
  ];
}

/** The form layout of the Templates page's two editors (template and macro). */
export const editorStyles = css`
  form {
    display: grid;
    gap: 0.9rem;
    padding: 1.5rem;
  }
  label,
  fieldset {
    display: grid;
    gap: 0.3rem;
    font-weight: 600;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0;
  }
  fieldset label {
    display: flex;
    gap: 0.4rem;
    font-weight: 400;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: end;
  }
  .actions {
    display: flex;
    gap: 0.6rem;
    align-items: center;
  }
  .hint {
    font-weight: 400;
    font-size: 0.85rem;
  }
  /* A hint or error right under its field. */
  .below {
    margin: -0.5rem 0 0;
  }
  textarea {
    font-family: ui-monospace, monospace;
  }
  .alert button {
    margin-left: 0.75rem;
  }
  h2 {
    font-size: 1.2rem;
  }
`;

import type { TemplateScope, User } from '@switchboard/contracts';
import { css } from 'lit';
import { editorFormStyles } from './shared-styles';

/** The scopes a user may create records in: personal always, a team with a team, everyone for admins. */
export function scopesFor(user: Pick<User, 'role' | 'teams'> | undefined): TemplateScope[] {
  return [
    'personal',
    ...(user?.teams.length || user?.role === 'admin' ? (['team'] as const) : []),
    ...(user?.role === 'admin' ? (['everyone'] as const) : []),
  ];
}

/** The Templates page's two editors (template and macro): the shared editor form, and their own parts. */
export const editorStyles = [
  editorFormStyles,
  css`
    .row {
      align-items: end;
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
    h2 {
      font-size: 1.2rem;
    }
  `,
];

import { theme } from '@switchboard/widget-sdk';
import { css } from 'lit';

/** Look of a CRM record page (contact, company): the card, its title lines, actions and lists. */
export const crmRecordStyles = css`
  article,
  section.card {
    padding: 1.5rem;
    margin-bottom: 1rem;
  }
  .module {
    margin: 0 0 0.25rem;
    font-size: 0.85rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.06em;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.1rem;
    margin-bottom: 0.5rem;
  }
  .subtitle {
    margin: 0.35rem 0 0;
    font-size: 1.1rem;
  }
  .actions {
    margin: 1rem 0 1.25rem;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 2.25rem;
    padding: 0.4rem 0.9rem;
    border: 1px solid ${theme.accent};
    border-radius: 8px;
    font-weight: 600;
    text-decoration: none;
  }
  dl {
    gap: 0.5rem 1.5rem;
  }
  h1 + dl {
    margin-top: 1.25rem;
  }
  ul.plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  ul.rows > li {
    padding: 0.5rem 0;
  }
  button.icon {
    min-height: 1.75rem;
    margin-left: 0.35rem;
    padding: 0.1rem 0.5rem;
    font-weight: normal;
  }
  .notes {
    white-space: pre-wrap;
  }
  .badge {
    padding: 0 0.4rem;
    border-radius: 999px;
    font-size: 0.8rem;
    background: ${theme.badgeBg};
    color: ${theme.badgeText};
  }
  .alert button {
    margin-left: 0.75rem;
  }
`;

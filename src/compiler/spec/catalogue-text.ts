import { fillTemplate, type MessageArgs } from '../diagnostics/make-diagnostic.js';
import { Messages, type MessageId, type MessageTemplate } from '../diagnostics/messages.js';

/**
 * The catalogue's text for a fix description or a related location of a message, filled in; so
 * that every user-visible sentence, not only messages and hints, lives in messages.ts.
 */
export function catalogueText(id: MessageId, field: 'fix' | 'related', args: MessageArgs): string {
  const template: MessageTemplate = Messages[id];
  return fillTemplate(template[field] ?? template.message, args);
}

/** One of a message's alternative hints (`hints.suggestion`), as a template for makeDiagnostic. */
export function alternativeHint(id: MessageId, name: string): string | undefined {
  const template: MessageTemplate = Messages[id];
  return template.hints?.[name];
}

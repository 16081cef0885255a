// What XML must pass before any parser builds anything from it: no entity declarations (an entity-expansion bomb is
// refused, never expanded) and well-formed from start to end (a broken feed is refused whole, never read in part).
import { XMLValidator } from 'fast-xml-parser';
import { failure, type SourceFailure } from './source.js';

/** Undefined when `xml` may be parsed; else why not. `what` names the document in the sentence ("the feed"). */
export function xmlProblem(xml: string, what: string): SourceFailure | undefined {
  // Entities can only be declared before the root element (in the DOCTYPE's internal subset).
  const rootAt = xml.search(/<[A-Za-z_]/);
  const prolog = rootAt < 0 ? xml : xml.slice(0, rootAt);
  if (/<!ENTITY/i.test(prolog)) {
    return failure(
      'entity',
      `${what} declares XML entities in a DOCTYPE: refused, ` +
        `and never expanded (that is how entity-expansion bombs work).`,
    );
  }
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { line, msg } = verdict.err;
    return failure(
      'malformed',
      `${what} is not well-formed XML (line ${line}: ${msg.replace(/\.$/, '')}): nothing of it was used.`,
    );
  }
  return undefined;
}

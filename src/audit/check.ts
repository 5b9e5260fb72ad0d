// The shape of one check family. Each file under checks/ exports one of these.
import type { CheckContext } from './context.js';

export interface Check {
  /** Kebab-case id used by --only/--skip. */
  id: string;
  title: string;
  section: string;
  /** Checklist items this family can report (for JUnit and the docs). */
  items: readonly string[];
  run(ctx: CheckContext): Promise<void>;
}

// The shape of one check family. Each file under checks/ exports one of these.
import type { CheckContext } from './context.js';

export interface Check {
  /** Kebab-case id used by --only/--skip. */
  id: string;
  title: string;
  section: string;
  /** Checklist items this family can report (for JUnit and the docs). */
  items: readonly string[];
  /**
   * The check deliberately gets the auditor throttled; objects the audit created are deleted
   * before it runs, because afterwards every request may wait for Retry-After.
   */
  provokesThrottling?: true;
  run(ctx: CheckContext): Promise<void>;
}

export {
  createLogger,
  logDestination,
  REDACT_PATHS,
  type Logger,
  type LoggerOptions,
} from './logger.js';
export { maskCredential } from './mask.js';
export {
  SecurityEvents,
  type SecurityEvent,
  type SecurityEventType,
  type SecurityEventDetails,
  type SecurityEventListener,
  type EventContext,
} from './security-events.js';

export { ERROR_CATALOGUE, PROBLEM_TYPE_BASE, problemType, type ErrorCode } from './catalogue.js';
export {
  RampartError,
  isRampartError,
  type FieldError,
  type RampartErrorOptions,
} from './rampart-error.js';

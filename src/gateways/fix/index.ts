/**
 * The FIX 4.4 order-entry gateway (docs/fix.md): a jspurefix acceptor beside the HTTP server,
 * on the same Engine, the same API keys and the same commands.
 * @module
 */

export {
  DEFAULT_FIX_COMP_ID,
  DEFAULT_FIX_PORT,
  type FixGateway,
  type FixGatewayOptions,
  startFixGateway,
} from './acceptor.js';
export { DICTIONARY_FILE_NAME, ensureDictionary } from './dictionary.js';
export { CUSTOM_FIELDS } from './tags.js';
export type { FixEngine, FixKeys } from './types.js';

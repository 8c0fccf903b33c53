/**
 * The commands the hub applies (their wire schemas live in src/protocol).
 * @module
 */

export type { Command, CommandType } from '../protocol/commands.js';

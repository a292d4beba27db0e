import winston from 'winston';
import { MESSAGE } from '../winston-symbols.js';

/** Serialises the record as one JSON line; its strings are already escaped, so the line cannot break. */
export function jsonLineFormat(): winston.Logform.Format {
  return winston.format((info) => {
    info[MESSAGE] = JSON.stringify(info);
    return info;
  })();
}

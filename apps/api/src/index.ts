/**
 * The API's public entry point (`@bulwark/api`): what code outside the application, such as the
 * benchmarks, may build on. Anything else under src/ may move without notice.
 */
export { envSchema } from './platform/config/env.schema.js';
export { embeddedPostgresDriver } from './platform/database/embedded-postgres.driver.js';
export type { AuditService } from './security/audit/audit.service.js';
export { EncryptedColumn } from './security/field-encryption/encrypted-column.decorator.js';
export { EncryptedColumnSubscriber } from './security/field-encryption/encrypted-column.subscriber.js';
export { FieldEncryptionService } from './security/field-encryption/field-encryption.service.js';
export { API_HEADERS, securityHeadersHook } from './platform/http/security-headers.js';
export { accessLogHook } from './platform/logging/access-log.hook.js';
export { createAppLogger } from './platform/logging/app-logger.factory.js';
export { loggingConfigFrom } from './platform/logging/logging.config.js';
export { requestContextHook } from './platform/request-context/request-context.hook.js';
export { PasswordHasherService } from './security/passwords/password-hasher.service.js';
export { passwordsConfigFrom } from './security/passwords/passwords.config.js';
export { PasswordHashingBusyError } from './security/passwords/passwords.errors.js';

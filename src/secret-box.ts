/**
 * Seals secrets for storage: AES-256-GCM with a key derived (HKDF-SHA256) from
 * PAPERBOY_SECRET_KEY, a fresh 96-bit IV per seal, and the record's identity as associated data,
 * so a sealed value opens only under the same key and for the same record (a token copied onto
 * another workspace's row does not open). The sealed form is `v1.<iv>.<ciphertext>.<tag>`
 * (base64url), so a later format can be told apart.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from './core/errors.js';

/** The shortest PAPERBOY_SECRET_KEY accepted. */
export const MIN_SECRET_KEY_LENGTH = 32;

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed: the key's strength comes from the secret; the labels keep keys for other uses apart.
const SALT = 'paperboy secret box';
const INFO = 'installation secrets v1';

export interface SecretBox {
  /** Encrypts `plain`, bound to `context` (the record it belongs to). */
  seal(plain: string, context: string): string;
  /** Decrypts what `seal` made with the same key and context; throws otherwise. */
  open(sealed: string, context: string): string;
}

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < MIN_SECRET_KEY_LENGTH) {
    throw new AppError(ErrorCode.ConfigInvalid, `PAPERBOY_SECRET_KEY must be at least ${MIN_SECRET_KEY_LENGTH} characters`);
  }
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));

  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || iv === undefined || body === undefined || tag === undefined) {
        throw new AppError(ErrorCode.StoreFailure, 'a sealed secret is not in a format this Paperboy reads');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new AppError(ErrorCode.StoreFailure, 'a sealed secret does not open with PAPERBOY_SECRET_KEY (was the key changed?)', { cause: error });
      }
    },
  };
}

/**
 * Image type by magic bytes, never by file name or a declared Content-Type:
 * PNG, JPEG, WebP and GIF only (anything else — SVG, HTML, executables — is
 * refused by the callers, so an upload can never be served as script).
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export const IMAGE_EXTENSIONS: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

export function sniffImageType(b: Uint8Array): ImageType | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The type of a stored file from its extension (the key's suffix was chosen by the sniffer). */
export function imageTypeOfExtension(ext: string): ImageType | null {
  const hit = Object.entries(IMAGE_EXTENSIONS).find(([, e]) => e === ext);
  return hit ? (hit[0] as ImageType) : null;
}

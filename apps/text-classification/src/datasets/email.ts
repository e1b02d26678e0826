import { isUtf8 } from 'node:buffer';
import { ScenarioError } from '@scenarios/core';
import { convert } from 'html-to-text';
import { type ParsedMail, simpleParser } from 'mailparser';

/** What the classifier reads of an e-mail. */
export interface ParsedEmail {
  subject: string;
  /** The plain-text body, or the HTML body converted to text when there is no plain-text part. */
  body: string;
  /** Lower-cased domain of the first From address, when there is one. */
  fromDomain?: string;
}

/** Which parts of an e-mail become the text to classify; recorded in the manifest. */
export interface EmailTextOptions {
  /** Append a `from_domain_<domain>` token. Default false (see the README: it learns how the corpus was collected). */
  fromDomain?: boolean;
}

/**
 * Parses a raw RFC 822 message with mailparser (headers, multipart, quoted-printable and base64
 * transfer encodings, character sets). The body is the plain-text part; when a message has only
 * HTML (mailparser converts a lone HTML root itself, but not HTML inside multipart/mixed), the
 * HTML is converted with html-to-text, links kept as `text [url]`. Attachments are not read.
 * 8-bit text that declares no charset (or ASCII/UTF-8) yet is not UTF-8 is read as Windows-1252.
 * DATA_CORRUPT when mailparser gives up on the message.
 */
export async function parseEmail(raw: Buffer | string, source = 'message'): Promise<ParsedEmail> {
  let parsed = await parseMime(raw, source);
  if (typeof raw !== 'string' && !isUtf8(raw) && hasReplacement(parsed) && declaresOnlyAscii(raw)) {
    // 8-bit text declared as ASCII, or not declared at all, was read as UTF-8 and came out as U+FFFD.
    // Such mail is almost always Windows-1252 (a superset of Latin-1), so the message is read again as that.
    parsed = await parseMime(decodeWindows1252(raw), source);
  }
  let body = parsed.text ?? '';
  if (body.trim() === '' && typeof parsed.html === 'string') body = htmlToText(parsed.html);
  const address = parsed.from?.value.find((entry) => entry.address)?.address;
  const domain = address?.split('@')[1]?.toLowerCase();
  return { subject: parsed.subject ?? '', body, ...(domain ? { fromDomain: domain } : {}) };
}

async function parseMime(raw: Buffer | string, source: string): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, checksumAlgo: false });
  } catch (error) {
    throw new ScenarioError('DATA_CORRUPT', `${source}: not a parsable e-mail: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function hasReplacement(parsed: ParsedMail): boolean {
  return [parsed.subject, parsed.text, typeof parsed.html === 'string' ? parsed.html : ''].some((part) =>
    part?.includes('\uFFFD'),
  );
}

/**
 * Windows-1252 bytes as a string. (Node's `TextDecoder('windows-1252')` decodes Latin-1, leaving
 * 0x80-0x9F as C1 controls; in Windows-1252 most of them are punctuation such as ’ “ ” – — €.)
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

/** Windows-1252 characters 0x80-0x9F; the five it leaves undefined stay C1 controls. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** True when every `charset=` of the message is ASCII or UTF-8 (or there is none). */
function declaresOnlyAscii(raw: Buffer): boolean {
  const declared = raw.toString('latin1').matchAll(/charset\s*=\s*"?([^\s";]+)/gi);
  return [...declared].every((match) => /^(us-?ascii|ascii|utf-?8)$/i.test(match[1] as string));
}

/** HTML to readable text: no line wrapping, images dropped, link targets kept beside their text. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [{ selector: 'img', format: 'skip' }],
  });
}

/**
 * The text the classifier sees: the subject, a blank line, the body, and optionally the sender's
 * domain as one token.
 *
 * @example emailText({ subject: 'Hi', body: 'See you' }) // 'Hi\n\nSee you'
 */
export function emailText(email: ParsedEmail, options: EmailTextOptions = {}): string {
  const text = `${email.subject}\n\n${email.body}`;
  if (!options.fromDomain) return text;
  return `${text}\n\nfrom_domain_${(email.fromDomain ?? 'none').replace(/[^a-z0-9]+/g, '_')}`;
}

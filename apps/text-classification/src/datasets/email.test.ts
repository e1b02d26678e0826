import { describe, expect, it } from 'vitest';
import {
  ALTERNATIVE_EMAIL,
  HTML_IN_MIXED_EMAIL,
  LATIN1_BASE64_EMAIL,
  UNDECLARED_8BIT_EMAIL,
} from '../test-support/emails.js';
import { emailText, htmlToText, parseEmail } from './email.js';

describe('parseEmail', () => {
  it('decodes an encoded subject and a quoted-printable plain part of a multipart/alternative message', async () => {
    const email = await parseEmail(Buffer.from(ALTERNATIVE_EMAIL));
    expect(email.subject).toBe('Café menu');
    expect(email.body.trim()).toBe(
      'Today: crème brûlée and a very long line that is wrapped by quoted-printable soft breaks.',
    );
    expect(email.fromDomain).toBe('example.org');
  });

  it('decodes a base64 body from its declared charset', async () => {
    const email = await parseEmail(Buffer.from(LATIN1_BASE64_EMAIL));
    expect(email.body.trim()).toBe('Grüße aus Köln');
  });

  it('reads undeclared 8-bit text as Windows-1252 instead of losing it to U+FFFD', async () => {
    const email = await parseEmail(UNDECLARED_8BIT_EMAIL);
    expect(email.subject).toBe('Grü');
    expect(email.body.trim()).toBe('E.On, based in Düsseldorf â€” the world’s largest');
  });

  it('converts HTML to text when a message has no plain-text part, links kept, images dropped', async () => {
    const email = await parseEmail(Buffer.from(HTML_IN_MIXED_EMAIL));
    expect(email.subject).toBe('WIN NOW');
    expect(email.body).toContain('FREE MONEY');
    expect(email.body).toContain('Click here [http://spam.example/x] now');
    expect(email.body).not.toContain('t.gif');
  });
});

describe('emailText', () => {
  it('is the subject, a blank line and the body, with the sender domain as a token only when asked', () => {
    const email = { subject: 'Hi', body: 'See you', fromDomain: 'mail.example.co.uk' };
    expect(emailText(email)).toBe('Hi\n\nSee you');
    expect(emailText(email, { fromDomain: true })).toBe('Hi\n\nSee you\n\nfrom_domain_mail_example_co_uk');
    expect(emailText({ subject: '', body: 'x' }, { fromDomain: true })).toBe('\n\nx\n\nfrom_domain_none');
  });
});

describe('htmlToText', () => {
  it('keeps lines unwrapped', () => {
    const long = `<p>${'word '.repeat(40)}</p>`;
    expect(htmlToText(long).split('\n')).toHaveLength(1);
  });
});
